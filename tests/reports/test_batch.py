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
