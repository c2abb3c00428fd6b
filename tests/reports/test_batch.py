"""A period's notices drawn on every core: one file each, progress reported, cancel honoured."""
from __future__ import annotations

from dataclasses import replace

from tests.reports.conftest import SUPERVISOR
from workstation.reports.batch import CHUNK, INLINE_BELOW, notice_file_name, write_notices
from workstation.services.notices import issue_notice, latest_signed_decision


def _copies(decided, n):
    notice = issue_notice(decided.db, SUPERVISOR, latest_signed_decision(decided.db, decided.by_item))
    return [replace(notice, decision_id=i + 1) for i in range(n)]


def test_many_notices_are_written_by_worker_processes(decided, tmp_path):
    notices = _copies(decided, INLINE_BELOW)
    seen = []
    written = write_notices(notices, tmp_path, workers=2, progress=lambda done, total: seen.append((done, total)))
    assert written == len(notices) == len(list(tmp_path.glob("*.pdf")))
    assert (tmp_path / notice_file_name(notices[-1])).read_bytes().startswith(b"%PDF")
    assert seen[-1] == (len(notices), len(notices)) and len(seen) == len(notices) // CHUNK


def test_a_cancelled_batch_stops_between_chunks(decided, tmp_path):
    notices = _copies(decided, CHUNK + 1)
    calls = []
    written = write_notices(notices, tmp_path, workers=1, cancelled=lambda: bool(calls.append(1)) or len(calls) > 1)
    assert written == CHUNK and len(list(tmp_path.glob("*.pdf"))) == CHUNK


def test_all_notices_of_a_period_as_a_job_with_progress_and_cancel(decided, tmp_path):
    import pytest

    from workstation.domain.jobs import Cancelled, JobControl
    from workstation.reports.batch import print_period_notices

    seen: list[float] = []
    control = JobControl(on_progress=lambda fraction, _message: seen.append(fraction))
    assert print_period_notices(control, decided.db, SUPERVISOR, "2024-03", tmp_path / "all").written == 3
    assert seen[-1] == 1.0 and seen == sorted(seen)
    stop = JobControl(is_cancelled=lambda: True)
    with pytest.raises(Cancelled):
        print_period_notices(stop, decided.db, SUPERVISOR, "2024-03", tmp_path / "none")
    assert not list((tmp_path / "none").glob("*.pdf"))


def test_a_period_batch_that_fails_to_draw_uses_no_number_and_leaves_no_file(decided, tmp_path, monkeypatch):
    import pytest

    from workstation.domain.jobs import JobControl
    from workstation.reports import batch

    def half_then_full_disk(notices, folder, **_):
        (tmp_path / "all" / batch.notice_file_name(notices[0])).write_bytes(b"%PDF-1.4 partial")
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(batch, "write_notices", half_then_full_disk)
    with pytest.raises(OSError):
        batch.print_period_notices(JobControl(), decided.db, SUPERVISOR, "2024-03", tmp_path / "all")
    assert decided.db.execute("SELECT COUNT(*) FROM notices").fetchone()[0] == 0
    assert decided.db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'notice.issue'").fetchone()[0] == 0
    assert not list((tmp_path / "all").glob("*.pdf"))
    monkeypatch.undo()  # the disk has room again: the same numbers, from 1
    assert batch.print_period_notices(JobControl(), decided.db, SUPERVISOR, "2024-03", tmp_path / "all").written == 3
    numbers = [r[0] for r in decided.db.execute("SELECT notice_no FROM notices ORDER BY id")]
    assert numbers[0].endswith("〕1号") and len(numbers) == 3
