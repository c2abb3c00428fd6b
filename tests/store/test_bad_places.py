"""A database path that is a folder, a damaged or foreign file, and an export over the database:
clear messages, nothing destroyed (issue 18, point 7)."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import run_cli
from tests.engine.factory import add_batch, add_case
from workstation.domain.messages import UserError
from workstation.engine.export import export_cases
from workstation.services.quarantine import export_quarantine_csv
from workstation.store.db import StoreError, open_database


def test_a_folder_as_the_database_is_named_as_a_folder(tmp_path):
    with pytest.raises(StoreError) as refused:
        open_database(tmp_path)
    assert "是一个文件夹，不是数据库文件" in str(refused.value)


@pytest.mark.parametrize("keep", [50, 3000])
def test_a_truncated_database_is_called_damaged(db_path, tmp_path, keep):
    db = open_database(db_path)
    db.close()
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(db_path.read_bytes()[:keep])
    with pytest.raises(StoreError) as refused:
        open_database(damaged)
    assert "已损坏或不完整" in str(refused.value)


def test_on_the_command_line_every_bad_database_is_a_message_not_a_traceback(db_path, tmp_path):
    db = open_database(db_path)
    batch = add_batch(db)
    for _ in range(3000):
        add_case(db, batch)
    db.close()
    half = tmp_path / "half.db"
    half.write_bytes(db_path.read_bytes()[: db_path.stat().st_size // 2])
    foreign = tmp_path / "foreign.db"
    foreign.write_text("就诊ID,医疗总费用\n1,2\n", encoding="utf-8")
    for bad in (tmp_path, half, foreign):
        done = run_cli("--lang", "en", "--db", str(bad), "batches")
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert str(bad.name) in done.stderr


def test_an_export_over_the_database_or_its_log_is_refused(tmp_path):
    path = tmp_path / "cases.csv"  # a database named like an export
    db = open_database(path)
    add_case(db, add_batch(db))
    before = path.read_bytes()
    for target in (path, tmp_path / "." / "cases.csv"):
        with pytest.raises(UserError) as refused:
            export_cases(db, target)
        assert "正在使用的数据库" in refused.value.text.zh
        with pytest.raises(UserError):
            export_quarantine_csv(db, 1, target)
    link = tmp_path / "link.csv"
    link.symlink_to(path)
    with pytest.raises(UserError):
        export_cases(db, link)
    db.close()
    assert path.read_bytes().startswith(b"SQLite format 3") and before.startswith(b"SQLite format 3")
    shutil.copy(path, tmp_path / "copy.db")
    assert open_database(tmp_path / "copy.db").execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 1
