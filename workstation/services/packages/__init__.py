"""Review packages (.drgpkg): work moved between offline desktops in one checked file.

``archive`` writes and checks the file (a zip: a manifest and Parquet parts), ``export`` gathers a
store's applications into one, ``merge`` brings one into a store without duplicates or silent
overwrites, ``conflicts`` lists and resolves what it could not apply. The stable key of an
application between stores is its case's (hospital_code, case_id): one application per case.
"""
from workstation.services.packages.archive import Package, PackageError, read_package
from workstation.services.packages.conflicts import list_conflicts, resolve_conflict
from workstation.services.packages.export import export_package
from workstation.services.packages.merge import ImportResult, import_package

__all__ = ["ImportResult", "Package", "PackageError", "export_package", "import_package", "list_conflicts",
           "read_package", "resolve_conflict"]
