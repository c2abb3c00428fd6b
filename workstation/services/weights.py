"""Weight proposals (动态调整): the engine's recalibration behind the authority table, and the
workbook the command line and the GUI both write from it."""
from __future__ import annotations

import os
from fractions import Fraction

from sqlite_utils import Database

from workstation.domain.authority import Action, Facts
from workstation.domain.jobs import NO_CONTROL, JobControl
from workstation.domain.messages import UserError
from workstation.domain.periods import PeriodError, normalise_period
from workstation.engine.recalibration import Recalibration, propose
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.store.output_paths import atomic_output, checked_output


def parse_threshold(text: str | None) -> Fraction | None:
    """``0.10`` or ``10%`` as an exact share; None when not given."""
    if text is None or not str(text).strip():
        return None
    raw = str(text).strip()
    try:
        value = Fraction(raw[:-1]) / 100 if raw.endswith("%") else Fraction(raw)
    except (ValueError, ZeroDivisionError):
        raise UserError(f"阈值“{raw}”不是数字（如 0.10 或 10%）。", f"threshold {raw!r} is not a number (0.10 or 10%).") from None
    if not 0 < value < 1:
        raise UserError(f"阈值“{raw}”应在 0 与 1 之间（如 0.10 即 10%）。",
                        f"threshold {raw!r} must lie between 0 and 1 (0.10 = 10%).")
    return value


def span(first: str, last: str | None = None) -> tuple[str, str]:
    """The span's first and last period, checked and in order."""
    labels = []
    for text in (first, last or first):
        try:
            labels.append(normalise_period(text))
        except PeriodError:
            raise UserError(f"结算期“{text}”无法识别，请写作 2024-03、2024Q1、2024H1 或 2024。",
                            f"Period '{text}' is not understood; write 2024-03, 2024Q1, 2024H1 or 2024.") from None
    a, b = labels
    return (a, b) if a <= b else (b, a)


def weight_proposals(db: Database, actor: Actor, first: str, last: str | None = None, *,
                     threshold: Fraction | None = None, min_cases: int | None = None,
                     control: JobControl = NO_CONTROL) -> Recalibration:
    """The proposals of the span; only reads (the workbook is the paper it issues)."""
    check(db, actor, Action.WEIGHTS_PROPOSE, Facts())
    a, b = span(first, last)
    return propose(db, a, b, threshold=threshold, min_cases=min_cases, control=control)


def proposals_workbook_job(control: JobControl, db: Database, actor: Actor, first: str, last: str | None,
                           out: str | os.PathLike, threshold: Fraction | None = None,
                           min_cases: int | None = None) -> Recalibration:
    """A job for the writer thread: compute, then write the workbook beside ``out`` and move it in."""
    from workstation.reports.weights_workbook import write_proposals_workbook

    checked_output(out, db)  # refused before the work, not after it
    result = weight_proposals(db, actor, first, last, threshold=threshold, min_cases=min_cases,
                              control=control.stage(0.0, 0.9))
    with atomic_output(out, db) as path:
        write_proposals_workbook(result, path)
    return result
