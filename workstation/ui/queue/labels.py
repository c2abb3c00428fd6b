"""Display names of flags and review statuses in the current language."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from workstation.domain.messages import language
from workstation.domain.review.workflow import STATUS_NAMES as _WORKFLOW_NAMES
from workstation.domain.review.workflow import Status
from workstation.services.queue import UNREVIEWED
from workstation.services.queue.flags import flag_catalog, flag_name

# Marked for lupdate here; translated when shown (the language can change at run time).
_STATUS_NAMES = {
    UNREVIEWED: QT_TRANSLATE_NOOP("ReviewStatus", "Not reviewed"),
    "pending": QT_TRANSLATE_NOOP("ReviewStatus", "Pending"),
    "accepted": QT_TRANSLATE_NOOP("ReviewStatus", "Accepted"),
    "returned": QT_TRANSLATE_NOOP("ReviewStatus", "Returned"),
    "in_review": QT_TRANSLATE_NOOP("ReviewStatus", "In expert review"),
    "negotiating": QT_TRANSLATE_NOOP("ReviewStatus", "Negotiating"),
    "decided": QT_TRANSLATE_NOOP("ReviewStatus", "Decided"),
    "rejected": QT_TRANSLATE_NOOP("ReviewStatus", "Rejected"),
    "closed": QT_TRANSLATE_NOOP("ReviewStatus", "Closed"),
}


def status_label(status: str) -> str:
    """Known workflow states get a translated name; any other state shows as stored. The
    special-case workflow's states (domain.review.workflow) are named by the domain."""
    if status in _WORKFLOW_NAMES:
        return str(_WORKFLOW_NAMES[Status(status)])
    name = _STATUS_NAMES.get(status)
    # str(): PySide6 types QT_TRANSLATE_NOOP, which returns its text, as returning object.
    return QCoreApplication.translate("ReviewStatus", str(name)) if name else status


def flag_short_names(codes) -> str:
    lang = language()
    return QCoreApplication.translate("CaseQueueModel", ", ").join(flag_name(c, lang) for c in codes)


def flag_choices() -> list[tuple[str, str]]:
    """(code, display name) for every flag, in the engine's order."""
    lang = language()
    return [(f.code, f.en if lang == "en" else f.zh) for f in flag_catalog()]
