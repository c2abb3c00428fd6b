"""Writing many notices (a period's, one PDF each) on every core.

The numbers are issued first, in the database, one after another (services.notices); the
drawing that follows needs no database and is spread over worker processes in chunks, so the
font is registered once per process, not per notice. Progress and cancellation are checked
between chunks: the CLI shows progress on stderr, the GUI runs it as a job with a cancel button.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.jobs import JobControl
from workstation.domain.messages import Text, UserError, language
from workstation.reports.notice import write_notice
from workstation.services.context import Actor
from workstation.services.notices import NoticeData, issue_notice, signed_decisions
from workstation.store.output_paths import atomic_output, checked_output, checked_output_folder

CHUNK = 25  # notices per task: large enough to amortise a task, small enough for prompt progress
INLINE_BELOW = 2 * CHUNK  # fewer notices than this are drawn in this process (no pool to start)


def notice_file_name(notice: NoticeData) -> str:
    """As they are sent: one file per hospital, application and decision."""
    return f"{notice.hospital_code}-{notice.application_id}-{notice.decision_id}.pdf"


def _write_chunk(notices: Sequence[NoticeData], folder: str, cjk: bool, lang: str | None) -> int:
    for notice in notices:
        # Checked against the store before the numbers were issued (print_period_notices).
        with atomic_output(Path(folder) / notice_file_name(notice), None) as temporary:
            write_notice(notice, temporary, cjk=cjk, lang=lang)
    return len(notices)


def write_notices(notices: Sequence[NoticeData], folder: str | os.PathLike, *, cjk: bool = True,
                  lang: str | None = None, workers: int | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> int:
    """Write each notice to ``folder``; returns how many were written (fewer when cancelled)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    chunks = [list(notices[i:i + CHUNK]) for i in range(0, len(notices), CHUNK)]
    workers = workers or os.cpu_count() or 1
    done = 0
    if len(notices) < INLINE_BELOW or workers == 1:
        for chunk in chunks:
            if cancelled and cancelled():
                break
            done += _write_chunk(chunk, str(out), cjk, lang)
            if progress:
                progress(done, len(notices))
        return done
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_write_chunk, chunk, str(out), cjk, lang) for chunk in chunks]
        for future in futures:
            if cancelled and cancelled():
                for other in futures:
                    other.cancel()
                break
            done += future.result()
            if progress:
                progress(done, len(notices))
    return done


def print_period_notices(control: JobControl, db: Database, actor: Actor, period: str,
                         folder: str | os.PathLike) -> int:
    """"All notices of a period" as a job (``fn(control, db, ...)`` for the GUI's JobRunner; the CLI
    does the same): the numbers first (a tenth of the bar; each number is its own transaction, so
    a cancel keeps those issued, as printed paper would), then the PDFs. Returns how many were
    written; raises ``Cancelled`` when stopped."""
    folder = checked_output_folder(folder, db)  # before any number is used up
    decisions = signed_decisions(db, period)
    if not decisions:
        raise UserError(f"结算期 {period} 没有已签发的决定。", f"Period {period} has no signed decision.")
    numbering, drawing = control.stage(0.0, 0.1), control.stage(0.1, 1.0)
    issued = []
    for i, decision_id in enumerate(decisions, start=1):
        numbering.check()
        issued.append(issue_notice(db, actor, decision_id))
        numbering.progress(i / len(decisions), str(Text("告知书取号 {i}/{n}", "numbering notices {i}/{n}").format(
            i=i, n=len(decisions))))
    folder.mkdir(exist_ok=True)  # the target itself, inside a folder that exists (checked above)
    for notice in issued:  # the database (or a folder) under a notice's file name: refused before drawing
        checked_output(folder / notice_file_name(notice), db)
    written = write_notices(issued, folder, lang=language(), cancelled=drawing.is_cancelled,
                            progress=lambda done, total: drawing.progress(done / total, str(Text(
                                "告知书 {done}/{total}", "notices {done}/{total}").format(done=done, total=total))))
    drawing.check()
    return written
