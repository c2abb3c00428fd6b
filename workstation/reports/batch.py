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
from workstation.store.db import writing
from workstation.store.output_paths import atomic_output, checked_output, checked_output_folder

CHUNK = 25  # notices per task: large enough to amortise a task, small enough for prompt progress
INLINE_BELOW = 2 * CHUNK  # fewer notices than this are drawn in this process (no pool to start)
# Notices of a period issued in one transaction and drawn together: a pool started per batch costs
# ~0.3 s, and the write lock is held while a batch draws (~4 s for 250 on two cores, within the
# busy timeout other writers wait).
PERIOD_BATCH = 250


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
    decision replaced by a later one is skipped and listed, never numbered.

    The notices are issued a batch at a time in one transaction and drawn on every core
    (``write_notices``) before it commits: a batch's numbers are used only once all its PDFs are
    written, and a failed batch takes its numbers back and removes its files. Signed notices
    (a certificate set) are drawn in this process, as the key stays here. Raises ``Cancelled``
    between batches (the batches written so far stay issued, as printed paper would)."""
    chosen = period_decisions(db, period)
    if not chosen.current:
        raise UserError(f"结算期 {period} 没有已签发的决定。", f"Period {period} has no signed decision.")
    out = checked_output_folder(folder, db)  # before any number is used up
    out.mkdir(exist_ok=True)  # the target itself, inside a folder that exists (checked above)
    result = PeriodNotices(skipped=chosen.skipped)
    lang, total = language(), len(chosen.current)

    def progress(done: int, _batch: int) -> None:
        control.progress((result.written + done) / total, str(Text("告知书 {i}/{n}", "notices {i}/{n}").format(
            i=result.written + done, n=total)))

    for start in range(0, total, PERIOD_BATCH):
        control.check()
        issued: list[NoticeData] = []
        with writing(db):
            for decision_id in chosen.current[start:start + PERIOD_BATCH]:
                issue_notice(db, actor, decision_id, write=issued.append)
            files = [out / notice_file_name(notice) for notice in issued]
            for file in files:  # the database (or a folder) under a notice's file name: refused
                checked_output(file, db)
            try:
                if key is None:
                    write_notices(issued, out, lang=lang, progress=progress)
                else:
                    for i, (notice, file) in enumerate(zip(issued, files), start=1):
                        notice_writer(file, lang=lang, key=key)(notice)
                        progress(i, len(issued))
            except BaseException:
                for file in files:  # the batch's numbers roll back: none of its paper stays
                    file.unlink(missing_ok=True)
                raise
        result.written += len(issued)
    return result
