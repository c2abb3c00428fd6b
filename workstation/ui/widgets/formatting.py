"""How the shell shows stored values."""
from __future__ import annotations

from datetime import datetime


def local_time_text(value: str | None) -> str:
    """A stored ISO 8601 moment (UTC) in the workstation's local time, to the minute."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")
