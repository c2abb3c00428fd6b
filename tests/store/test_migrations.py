"""Schema migrations: the literal baseline, the one-time conversion of a file made by the
development builds (versions 1-11), and later steps as numbered SQL files applied in order."""
from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.importer.helpers import case, write_batch
from workstation.domain.fields import CASE_FIELDS
from workstation.services.operations import import_file
from workstation.store import audit, migrations
from workstation.store.db import StoreError, open_database, open_memory

FIXTURES = Path(__file__).parent / "fixtures"
BASELINE_SQL = (migrations.STEPS / "0012_baseline.sql").read_text(encoding="utf-8")


def _baseline_in_memory(*, later_steps: bool = False) -> sqlite3.Connection:
    """The baseline SQL (and with ``later_steps`` the later files) run as they are, by plain
    sqlite3: what the files say, not what the runner does."""
    conn = sqlite3.connect(":memory:")
    for step in migrations.read_steps() if later_steps else [migrations.read_steps()[0]]:
        conn.executescript(step.sql)
    return conn


def _made_by_v11(tmp_path: Path) -> Path:
    """A copy of a database file made by the v11 code (tests/store/fixtures/README.md)."""
    path = tmp_path / "v11.db"
    with gzip.open(FIXTURES / "made_by_schema_v11.db.gz") as source, open(path, "wb") as copy:
        shutil.copyfileobj(source, copy)
    return path


def _change(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()


def _version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_a_new_database_has_exactly_the_baseline_schema(db_path):
    db = open_database(db_path)
    assert migrations.SCHEMA_VERSION >= migrations.BASELINE_VERSION == 12
    assert [r[0] for r in db.execute("SELECT version FROM schema_migrations")] == \
        [s.version for s in migrations.read_steps()]
    fresh = migrations.describe_schema(db.conn)
    db.close()
    expected = migrations.describe_schema(_baseline_in_memory(later_steps=True))
    assert migrations.schema_differences(fresh, expected) == []
    assert fresh == expected
    # The tables the audit log and the results depend on are there, as the code names them.
    assert "trigger audit_log_no_update" in fresh and "trigger audit_log_no_delete" in fresh


def test_the_baseline_needs_no_python_and_the_code_names_its_tables_as_they_are():
    conn = _baseline_in_memory()
    columns = {t: [c[1] for c in conn.execute(f'PRAGMA table_info("{t}")')]
               for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert columns["case_results"] == migrations.RESULT_COLUMNS
    assert columns["result_variants"] == ["id"] + migrations.VARIANT_COLUMNS
    source = Path(migrations.__file__).read_text(encoding="utf-8")
    assert "workstation.domain" not in source and "CASE_FIELDS" not in source


def test_every_case_field_has_its_column_in_the_cases_table():
    """A field added to domain.fields needs a migration that adds its column."""
    db = open_memory()
    types = {c.name: c.type for c in db["cases"].columns}
    affinity = {"text": "TEXT", "codes": "TEXT", "date": "TEXT"}
    for field in CASE_FIELDS:
        assert types.get(field.column) == affinity.get(field.type, "INTEGER"), field.key


def test_a_file_made_by_version_11_is_converted_once_and_keeps_its_rows(tmp_path):
    path = _made_by_v11(tmp_path)
    before = sqlite3.connect(path)
    counts = {t: before.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("batches", "cases", "quarantine", "case_results", "result_variants", "audit_log")}
    rows = before.execute("SELECT * FROM cases ORDER BY id").fetchall()
    before.close()
    assert counts["cases"] == 4 and counts["audit_log"] == 3 and _version(path) == 11

    db = open_database(path)
    assert migrations.current_version(db) == migrations.SCHEMA_VERSION
    history = db.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert [v for v, _ in history] == list(range(1, 12)) + [s.version for s in migrations.read_steps()]
    assert history[11][1] == "0012_baseline.sql (converted from version 11)"
    for table, count in counts.items():
        assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == count, table
    assert db.execute("SELECT * FROM cases ORDER BY id").fetchall() == rows
    assert audit.verify_chain(db) == []
    db.close()

    converted = path.read_bytes()
    open_database(path).close()
    assert path.read_bytes() == converted, "opening a converted file again writes nothing"

    # The converted file works as a new one does: an import, its recompute, the audit log.
    db = open_database(path)
    outcome = import_file(db, write_batch(tmp_path / "c.csv", [case(7), case(8)]), actor="t")
    assert outcome.result.rows_imported == 2
    assert db.execute("SELECT COUNT(*) FROM case_results").fetchone()[0] == counts["case_results"] + 2
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit_log")
    db.close()


def test_a_version_11_file_whose_results_index_has_its_twin_name_is_converted(tmp_path):
    path = _made_by_v11(tmp_path)  # as after an odd number of full recomputes
    _change(path, 'DROP INDEX "idx_case_results_case_id"',
            'CREATE INDEX "idx_case_results_case_id__b" ON "case_results" ("case_id")')
    open_database(path).close()
    assert _version(path) == migrations.SCHEMA_VERSION


@pytest.mark.parametrize("version, tampering, named", [
    (11, ['ALTER TABLE cases ADD COLUMN "ward" TEXT'], "table cases differs"),
    (11, ['DROP TRIGGER audit_log_no_delete'], "trigger audit_log_no_delete missing"),
    (11, ['CREATE INDEX "idx_cases_period" ON cases (period)'], "index idx_cases_period unexpected"),
    # What migration 11 changed: a file of version 10 has the case key hospital first.
    (10, ['DROP INDEX "idx_cases_case_id_hospital_code"',
          'CREATE UNIQUE INDEX "idx_cases_hospital_code_case_id" ON cases (hospital_code, case_id)'],
     "index idx_cases_case_id_hospital_code missing"),
])
def test_a_development_file_whose_schema_differs_is_refused_and_left_as_it_was(tmp_path, version, tampering, named):
    path = _made_by_v11(tmp_path)
    _change(path, *tampering, f"PRAGMA user_version = {version}")
    with pytest.raises(StoreError) as refused:
        open_database(path)
    message = refused.value.args[0]
    assert f"开发版本的工作站创建（架构版本 {version}）" in message.zh
    assert f"development build of the workstation (schema version {version})" in message.en
    assert named in message.en and str(path) in str(refused.value)
    assert _version(path) == version
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == 11
    conn.close()


def test_a_file_newer_than_the_program_is_refused(tmp_path):
    path = tmp_path / "newer.db"
    open_database(path).close()
    _change(path, f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError) as refused:
        open_database(path)
    assert "比本程序" in refused.value.args[0].zh and "is newer than this program" in refused.value.args[0].en


def _steps(folder: Path, **later: str) -> Path:
    folder.mkdir()
    (folder / "0012_baseline.sql").write_text(BASELINE_SQL, encoding="utf-8")
    for name, sql in later.items():
        (folder / f"{name}.sql").write_text(sql, encoding="utf-8")
    return folder


def test_later_steps_are_applied_in_order_each_recorded(tmp_path):
    steps = _steps(tmp_path / "steps", **{
        # 0014 needs what 0013 made; written in this order on purpose, listed in the other.
        "0014_wards_seeded": "INSERT INTO wards (code, name) VALUES ('W1', '心内科; 一病区');",
        "0013_wards": """-- A later change is literal SQL, several statements, a trigger with ';' inside.
CREATE TABLE wards (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TRIGGER wards_no_delete BEFORE DELETE ON wards
BEGIN SELECT RAISE(ABORT, 'wards stay; always'); END;
""",
    })
    db = Database(memory=True)
    assert migrations.migrate(db, steps) == [12, 13, 14]
    assert db.execute("SELECT name FROM wards").fetchall() == [("心内科; 一病区",)]
    assert [r[1] for r in db.execute("SELECT version, name FROM schema_migrations")] == \
        ["0012_baseline.sql", "0013_wards.sql", "0014_wards_seeded.sql"]
    assert migrations.migrate(db, steps) == []

    at_baseline = Database(memory=True)
    migrations.migrate(at_baseline, _steps(tmp_path / "baseline_only"))
    assert migrations.migrate(at_baseline, steps) == [13, 14]

    converted = Database(_made_by_v11(tmp_path))
    assert migrations.migrate(converted, steps) == [12, 13, 14]
    assert converted.execute("SELECT COUNT(*) FROM wards").fetchone()[0] == 1
    converted.close()


def test_a_step_merged_in_below_the_files_version_is_still_applied(tmp_path):
    """Two branches add 0013 and 0014; a file made where only 0014 existed (version 14) gets 0013
    once both are merged, and its version stays 14."""
    later = {"0014_beds": "CREATE TABLE beds (code TEXT);"}
    db = Database(memory=True)
    assert migrations.migrate(db, _steps(tmp_path / "one", **later)) == [12, 14]
    both = _steps(tmp_path / "both", **later, **{"0013_wards": "CREATE TABLE wards (code TEXT);"})
    assert migrations.migrate(db, both) == [13]
    assert migrations.current_version(db) == 14 and {"wards", "beds"} <= set(db.table_names())
    assert migrations.migrate(db, both) == []


def test_a_step_that_fails_changes_nothing(tmp_path):
    steps = _steps(tmp_path / "steps", **{
        "0013_half": "CREATE TABLE wards (code TEXT PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);\n"})
    db = Database(memory=True)
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        migrations.migrate(db, steps)
    assert migrations.current_version(db) == 12
    assert "wards" not in db.table_names() and not db.conn.in_transaction


def test_the_steps_must_start_with_the_baseline(tmp_path):
    folder = tmp_path / "steps"
    folder.mkdir()
    (folder / "0013_wards.sql").write_text("CREATE TABLE wards (code TEXT);", encoding="utf-8")
    with pytest.raises(ValueError, match="baseline"):
        migrations.read_steps(folder)


def test_a_step_is_split_into_statements_where_sqlite_says_one_ends():
    sql = ("CREATE TABLE t (x TEXT DEFAULT ';');  -- a comment; with a semicolon\n"
           "CREATE TRIGGER t_no_update BEFORE UPDATE ON t BEGIN SELECT RAISE(ABORT, 'no'); SELECT 1; END;\n"
           "/* closing remark */ -- and a last comment\n")
    statements = migrations.sql_statements(sql)
    assert len(statements) == 2 and statements[1].endswith("END;")
    with pytest.raises(ValueError, match="incomplete"):
        migrations.sql_statements("CREATE TABLE t (x TEXT);\nCREATE TABLE u (y TEXT)\n")
