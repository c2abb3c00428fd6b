"""Writing notices: one (``notice_writer``, for ``issue_notice``'s write step) or many.

``write_notices`` draws notices already issued on every core (worker processes in chunks, so the
font is registered once per process). ``print_period_notices`` issues a period's: each notice's
number is committed only after its PDF is written (the writer runs inside the issuing
transaction), so a failed write never uses a number; superseded decisions are skipped and
listed. Progress and cancellation are checked between notices: the CLI shows progress on
stderr, the GUI runs it as a job with a cancel button.
"""
from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.jobs import JobControl
from workstation.domain.messages import Text, UserError, language
from workstation.reports.notice import write_notice
from workstation.reports.signing import SigningKey, finish
from workstation.services.context import Actor
from workstation.services.notices import NoticeData, Writer, issue_notice, period_decisions
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


def notice_writer(out: str | os.PathLike, *, lang: str | None = None, key: SigningKey | None = None) -> Writer:
    """The write step of ``issue_notice``: draw, sign when a certificate is set, write temp + rename."""
    def write(notice: NoticeData) -> None:
        data = io.BytesIO()
        write_notice(notice, data, lang=lang)
        finish(data.getvalue(), out, key)
    return write


@dataclass
class PeriodNotices:
    written: int = 0
    skipped: list[tuple[int, int, int]] = field(default_factory=list)  # (decision, application, replaced by)


def print_period_notices(control: JobControl, db: Database, actor: Actor, period: str,
                         folder: str | os.PathLike, key: SigningKey | None = None) -> PeriodNotices:
    """"All notices of a period" as a job (``fn(control, db, ...)`` for the GUI's JobRunner; the CLI
    does the same): each application's current decision issued (or reprinted) and written; a
    decision replaced by a later one is skipped and listed, never numbered. Raises
    ``Cancelled`` when stopped (the notices written so far stay issued, as printed paper would)."""
    chosen = period_decisions(db, period)
    if not chosen.current:
        raise UserError(f"结算期 {period} 没有已签发的决定。", f"Period {period} has no signed decision.")
    out = checked_output_folder(folder, db)  # before any number is used up
    out.mkdir(exist_ok=True)  # the target itself, inside a folder that exists (checked above)
    result = PeriodNotices(skipped=chosen.skipped)
    lang = language()
    for i, decision_id in enumerate(chosen.current, start=1):
        control.check()

        def write(notice: NoticeData) -> None:
            checked_output(out / notice_file_name(notice), db)
            notice_writer(out / notice_file_name(notice), lang=lang, key=key)(notice)
        issue_notice(db, actor, decision_id, write=write)
        result.written += 1
        control.progress(i / len(chosen.current), str(Text("告知书 {i}/{n}", "notices {i}/{n}").format(
            i=i, n=len(chosen.current))))
    return result
