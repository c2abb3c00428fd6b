"""Names of the workflow's states, steps, reasons, votes and methods in the current language.

They are the domain's own ``Text`` pairs, shown with ``str()`` (README: a widget shows a
domain message without translating it again); only what the domain does not name is
translated here.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from workstation.domain.messages import UserError
from workstation.domain.money import fen_to_yuan_text
from workstation.domain.review.panel import EXCLUSION_NAMES, VOTE_NAMES, Vote
from workstation.domain.review.policy import REASON_NAMES
from workstation.domain.review.settlement import METHOD_NAMES, parse_method
from workstation.domain.review.workflow import STATUS_NAMES, STEP_NAMES, Status, Step

# Marked for lupdate here; translated when shown (the language can change at run time).
_NOT_VOTED = str(QT_TRANSLATE_NOOP("ReviewLabels", "not voted yet"))
_EXTRA_ACTIONS = {"review.submit": str(QT_TRANSLATE_NOOP("ReviewLabels", "Application submitted")),
                  "review.quota_override": str(QT_TRANSLATE_NOOP("ReviewLabels", "Quota override")),
                  "review.conflict": str(QT_TRANSLATE_NOOP("ReviewLabels", "Conflict of interest declared"))}
_ANSWERS = {"agree": str(QT_TRANSLATE_NOOP("ReviewLabels", "Agree")),
            "counter": str(QT_TRANSLATE_NOOP("ReviewLabels", "Counter-proposal")),
            "disagree": str(QT_TRANSLATE_NOOP("ReviewLabels", "Disagree"))}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewLabels", text)


def status_text(status: str | None) -> str:
    try:
        return str(STATUS_NAMES[Status(status or "")])
    except ValueError:
        return status or ""


def step_text(step: Step | str) -> str:
    return str(STEP_NAMES[Step(step)])


def step_button_text(step: Step | str) -> str:
    """A step's name as a button says it (the English names are phrases in lower case)."""
    name = step_text(step)
    return name[:1].upper() + name[1:]


def reason_text(code: str | None) -> str:
    name = REASON_NAMES.get(code or "")
    return str(name) if name else (code or "")


def vote_text(vote: str | None) -> str:
    return str(VOTE_NAMES[Vote(vote)]) if vote else _tr(_NOT_VOTED)


def method_text(method: str | None) -> str:
    """A method by its code, or as a hospital's form words it (申请支付方式: 按项目付费, ...)."""
    try:
        return str(METHOD_NAMES[parse_method(method or "")])
    except UserError:
        return method or ""


def exclusion_text(code: str) -> str:
    name = EXCLUSION_NAMES.get(code)
    return str(name) if name else code


def yuan(fen: int | None) -> str:
    return "—" if fen is None else fen_to_yuan_text(fen, thousands=True)


def action_text(action: str) -> str:
    """An audit event's action as the timeline names it: the step, or one of the extra events."""
    if action in _EXTRA_ACTIONS:
        return _tr(_EXTRA_ACTIONS[action])
    step = action.removeprefix("review.")
    try:
        return step_text(Step(step))
    except ValueError:
        return action


def answer_text(reply: str | None) -> str:
    return _tr(_ANSWERS[reply]) if reply in _ANSWERS else (reply or "")
