"""The writer thread: results, refusals and cancellation come back to the GUI thread."""
from __future__ import annotations

import threading
import time

import pytest

from workstation.domain.jobs import JobControl
from workstation.domain.messages import UserError
from workstation.ui.jobs import JobRunner


@pytest.fixture
def runner():
    runner = JobRunner()
    yield runner
    runner.shutdown()


def test_a_job_runs_off_the_gui_thread_and_reports_progress_and_result(qtbot, runner):
    seen_threads = []

    def work(control: JobControl, rows: int) -> int:
        seen_threads.append(threading.current_thread())
        for i in range(rows):
            control.progress((i + 1) / rows, f"row {i + 1}")
        return rows * 2

    job = runner.submit(work, 4)
    progress = []
    job.progress.connect(lambda fraction, message: progress.append((fraction, message)))
    with qtbot.waitSignal(job.finished, timeout=5000) as blocker:
        pass
    assert blocker.args == [8]
    assert job.result == 8 and job.state == "finished"
    assert seen_threads[0] is not threading.main_thread()
    assert progress[-1] == (1.0, "row 4")


def test_a_user_error_arrives_as_failed_with_its_message(qtbot, runner):
    def refuse(control):
        raise UserError("文件不是表格", "the file is not a table")

    job = runner.submit(refuse)
    with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        pass
    assert "文件不是表格" in str(blocker.args[0])


def test_cancel_stops_the_job_at_its_next_check(qtbot, runner):
    started = threading.Event()

    def long_job(control):
        started.set()
        for _ in range(500):
            control.check()
            time.sleep(0.01)
        return "not cancelled"

    job = runner.submit(long_job)
    assert started.wait(5)
    job.cancel()
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        pass
    assert job.state == "cancelled" and job.result is None


def test_jobs_run_one_at_a_time_in_order(qtbot, runner):
    order = []

    def step(control, name):
        order.append(("start", name))
        time.sleep(0.05)
        order.append(("end", name))
        return name

    first = runner.submit(step, "a")
    second = runner.submit(step, "b")
    assert runner.is_busy()
    with qtbot.waitSignals([first.finished, second.finished], timeout=5000):
        pass
    assert order == [("start", "a"), ("end", "a"), ("start", "b"), ("end", "b")]
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=2000)


def test_a_job_gets_its_own_connection_to_the_database(qtbot, runner, db_path):
    from workstation.store.db import open_database

    open_database(db_path).close()

    def write(control, db):
        db["import_profiles"].insert({"name": "p", "column_map": "{}", "saved_at": "now", "saved_by": "t"})
        return threading.get_ident()

    job = runner.submit(write, db_path=db_path)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    reader = open_database(db_path)
    assert [r["name"] for r in reader["import_profiles"].rows] == ["p"]
    reader.close()
