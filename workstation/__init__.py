"""DRG special-case review workstation (DRG 特例单议审核工作站)."""

__version__ = "0.1.0"
