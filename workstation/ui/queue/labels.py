"""Display names of flags and review statuses in the current language."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from workstation.domain.messages import language
from workstation.services.queue import UNREVIEWED
from workstation.services.queue_flags import flag_catalog, flag_name


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewStatus", text)


def status_label(status: str) -> str:
    """Known workflow states get a translated name; any other state shows as stored."""
    known = {
        UNREVIEWED: _tr("Not reviewed"),
        "pending": _tr("Pending"),
        "accepted": _tr("Accepted"),
        "returned": _tr("Returned"),
        "in_review": _tr("In expert review"),
        "negotiating": _tr("Negotiating"),
        "decided": _tr("Decided"),
        "rejected": _tr("Rejected"),
        "closed": _tr("Closed"),
    }
    return known.get(status, status)


def flag_short_names(codes) -> str:
    lang = language()
    return "、".join(flag_name(c, lang) for c in codes) if lang == "zh" else ", ".join(
        flag_name(c, lang) for c in codes)


def flag_choices() -> list[tuple[str, str]]:
    """(code, display name) for every flag, in the engine's order."""
    lang = language()
    return [(f.code, f.en if lang == "en" else f.zh) for f in flag_catalog()]
