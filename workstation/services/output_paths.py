"""The output-path check for the GUI's save dialogs (the GUI does not import the store):
see workstation.store.output_paths."""
from workstation.store.output_paths import (
    OutputRefused,
    atomic_output,
    checked_output,
    checked_output_folder,
)

__all__ = ["OutputRefused", "atomic_output", "checked_output", "checked_output_folder"]
