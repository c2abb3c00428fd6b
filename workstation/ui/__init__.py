"""The desktop GUI (PySide6). Importing it first guards against a PySide6 reference-count bug
that otherwise aborts Python 3.11 after a few hundred signal emits (see qt_compat)."""
from workstation.ui.qt_compat import protect_singletons

protect_singletons()
