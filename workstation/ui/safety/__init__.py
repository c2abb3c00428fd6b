"""Keeping the desk safe: the crash dialog and rotating log, the read-only banner, and the File
menu's backup and restore."""
