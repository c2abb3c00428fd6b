"""The ADBC reader opens the files reviewers have: paths with Chinese names and spaces, WAL mode.

(ADBC in the test's own process: harmless here, as nothing else writes to these files meanwhile;
the workstation uses it only in the read helper process, see store.arrow_read.)"""
from __future__ import annotations

import pytest

from workstation.store import arrow_read
from workstation.store.db import open_database


@pytest.mark.skipif(not arrow_read.available(), reason="adbc_driver_sqlite is not installed")
def test_a_database_in_a_folder_with_a_chinese_name_and_a_space(tmp_path):
    folder = tmp_path / "审核 数据（2024）"
    db = open_database(folder / "工作站 #1.db")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
    db.conn.executemany("INSERT INTO t (name) VALUES (?)", [("张三",), (None,), ("O'Brien",)])
    db.conn.commit()
    with arrow_read.reader(folder / "工作站 #1.db") as conn:
        got = arrow_read.query(conn, "SELECT id, name FROM t WHERE name IS NOT :none OR id > :id ORDER BY id",
                               {"none": None, "id": 1}, int_columns={"id"})
        quoted = arrow_read.query(conn, "SELECT id FROM t WHERE name = :name", {"name": "O'Brien"},
                                  int_columns={"id"})
    assert got["id"].tolist() == [1, 2, 3] and got["name"].tolist() == ["张三", None, "O'Brien"]
    assert quoted["id"].tolist() == [3]
    db.close()


def test_a_missing_driver_or_file_is_an_arrow_read_error(tmp_path, monkeypatch):
    monkeypatch.setattr(arrow_read, "adbc_sqlite", None)
    with pytest.raises(arrow_read.ArrowReadError):
        with arrow_read.reader(tmp_path / "x.db"):
            pass
