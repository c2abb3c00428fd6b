"""No output path can destroy the store: every command that writes a file refuses the database,
its side files, a folder, a device and a missing folder with a message (exit 2, no traceback),
and leaves the database byte for byte as it was (no notice number used up)."""
from __future__ import annotations

import errno
import hashlib
import os
import sqlite3

import pytest

from tests.conftest import run_cli
from tests.reports.conftest import build_decided
from workstation.domain.messages import set_language
from workstation.store.db import open_database
from workstation.store.output_paths import OutputRefused, atomic_output, checked_output, checked_output_folder

COMMANDS = {
    "notice": ("notice", "--application", "1"),
    "report": ("report", "--period", "2024-03"),
    "minutes": ("minutes", "--cycle", "2024-03"),
    "export-summary": ("export-summary", "--period", "2024-03"),
    "export-cases": ("export-cases",),
    # these wrote over the database and exited 0 (weights propose) or checked only the file itself
    "weights propose": ("weights", "propose", "--from", "2024-03", "--to", "2024-03"),
    "weights minutes": ("weights", "negotiate", "minutes", "1"),
    "opinions publish (pdf)": ("opinions", "publish", "2024H1", "--xlsx", "ok.xlsx"),
    "opinions publish (xlsx)": ("opinions", "publish", "2024H1", "--pdf", "ok.pdf"),
    "package export": ("package", "export", "--applications", "1"),
    "backup": ("backup",),
}
SUFFIX = {"export-summary": ".xlsx", "export-cases": ".csv", "weights propose": ".xlsx",
          "opinions publish (xlsx)": ".xlsx", "package export": ".drgpkg", "backup": ".db"}
OPTION = {"opinions publish (pdf)": "--pdf", "opinions publish (xlsx)": "--xlsx", "backup": "--to"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("out")
    path = folder / "w.db"
    db = open_database(path)
    build_decided(db)
    db.close()  # the last connection checkpoints: the WAL is folded into the file
    return path


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _targets(store):
    folder = store.parent
    return {"the database": str(store), "its WAL": f"{store}-wal", "its journal": f"{store}-journal",
            "a folder": str(folder), "a device": "/dev/full", "a missing folder": str(folder / "nope" / "x.pdf")}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_output_command_refuses_what_would_destroy_the_store(store, command):
    before = _digest(store)
    for what, target in _targets(store).items():
        if what == "a missing folder":
            target = target.replace(".pdf", SUFFIX.get(command, ".pdf"))
        result = run_cli("--db", str(store), "--lang", "en", *COMMANDS[command], OPTION.get(command, "--out"),
                         target, cwd=store.parent)
        assert result.returncode == 2, (command, what, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr, (command, what, result.stderr)
        assert "Cannot write" in result.stderr or "does not exist" in result.stderr, (command, what, result.stderr)
        assert _digest(store) == before, (command, what)
    assert not any(p.name.endswith((".part", ".partial")) for p in store.parent.iterdir())
    assert not any(p.name.startswith("ok.") for p in store.parent.iterdir())


def test_notices_refuse_a_file_or_device_as_their_folder(store):
    before = _digest(store)
    for target in (str(store), "/dev/full", str(store.parent / "nope" / "deeper")):
        result = run_cli("--db", str(store), "--lang", "en", "notices", "--period", "2024-03", "--out", target)
        assert result.returncode == 2 and "Traceback" not in result.stderr, (target, result.stderr)
        assert _digest(store) == before, target


def test_the_message_names_the_database(store):
    result = run_cli("--db", str(store), "report", "--period", "2024-03", "--out", str(store))
    assert "正在使用的数据库" in result.stderr and str(store) in result.stderr


def test_an_sqlite_file_and_a_special_file_are_refused(tmp_path):
    set_language("en")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(OutputRefused, match="SQLite database"):
        checked_output(other, None)
    with pytest.raises(OutputRefused, match="not an ordinary file"):
        checked_output("/dev/null", None)
    with pytest.raises(OutputRefused, match="is a file, not a folder"):
        checked_output_folder(other, None)
    assert checked_output_folder(tmp_path / "new", None) == tmp_path / "new"  # a new folder inside one that is


def test_a_link_to_the_database_is_refused(tmp_path):
    db = open_database(tmp_path / "w.db")
    link = tmp_path / "report.pdf"
    link.symlink_to(tmp_path / "w.db")
    with pytest.raises(OutputRefused):
        checked_output(link, db)
    db.close()


def test_a_full_disk_leaves_nothing_half_written(tmp_path):
    set_language("en")
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the old report")
    with pytest.raises(OutputRefused, match="disk filled up"):
        with atomic_output(target, None) as temporary:
            temporary.write_bytes(b"half")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert target.read_bytes() == b"the old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_a_complete_write_replaces_the_file(tmp_path):
    target = tmp_path / "report.pdf"
    with atomic_output(target, None) as temporary:
        assert temporary.parent == tmp_path and temporary != target
        temporary.write_bytes(b"new")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_an_unwritable_folder_is_refused(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    with pytest.raises(OutputRefused):
        checked_output(folder / "x.pdf", None)
