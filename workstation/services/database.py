"""Opening the workstation's database, for the GUI and the jobs it starts.

The GUI never imports the store (tests/test_architecture.py): it holds the opened
database as a handle to pass to the services, as Anki's GUI holds its collection.
"""
from __future__ import annotations

from workstation.store.db import StoreError, is_read_only, open_database

__all__ = ["StoreError", "is_read_only", "open_database"]
