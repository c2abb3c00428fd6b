"""The desktop GUI (PySide6 + pyqtgraph), grouped by feature."""
