"""Schema migrations: numbered files of literal SQL in ``schema/``, applied in order.

The schema version is SQLite's ``user_version``. ``schema/0012_baseline.sql`` is the whole
schema of a new file (version 12); each later change is a further file,
``schema/<4-digit version>_<what>.sql``, appended and never edited once released. A step never
depends on today's code: it is the SQL it was written as. Opening a file runs the missing steps
in order, each in its own transaction, and records each in ``schema_migrations``.

Versions 1-11 were Python steps of the development builds, squashed into the baseline before the
first release. A file one of them made is converted once: its schema is compared with the
baseline's and, when they agree, the baseline is recorded as applied (nothing else is written);
when they differ the file is refused with what differs. In practice a version 11 file (the last
development schema) converts, and files of versions 1-10 are refused.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from sqlite_utils import Database

STEPS = files("workstation.store") / "schema"
BASELINE_VERSION = 12
_STEP_FILE = re.compile(r"^(\d{4})_(\w+)\.sql$")

# case_results' columns (in order), and the values many results share, which are one row of
# result_variants (its columns after the id, in order); the recompute writes rows in this order.
# They name the baseline's tables as they are; tests/store check them against it.
VARIANT_COLUMNS = ["avg_cost_fen", "benchmark_source", "benchmark_n", "weight", "base_points", "coefficient",
                   "high_multiple", "high_threshold_fen", "low_threshold_fen", "payment_basis", "flags",
                   "flag_codes"]
RESULT_COLUMNS = ["case_pk", "period", "hospital_code", "drg_code", "case_id", "patient_id", "discharge_date",
                  "los", "total_cost_fen", "ruleset_id", "variant_id", "avg_cost_fen", "cost_ratio", "flags",
                  "points", "estimated_payment_fen"]

# A full recompute builds the new case_results table's indexes under their twin names (the name
# and the name + TWIN_SUFFIX, in turn; engine.store_results), as SQLite cannot rename an index:
# nothing may refer to an index on case_results by its name alone (a migration names both), and
# the schema comparison takes the two names as one.
TWIN_SUFFIX = "__b"


def twin_index_name(name: str) -> str:
    """The other of an index's two names."""
    return name[:-len(TWIN_SUFFIX)] if name.endswith(TWIN_SUFFIX) else name + TWIN_SUFFIX


class SchemaError(RuntimeError):
    """The file's schema is not one this program can bring to its version. Its arguments are the
    message in Chinese and in English (store.db makes them a Text: no step imports live code)."""


@dataclass(frozen=True)
class Step:
    version: int
    name: str  # the file name, as recorded in schema_migrations
    sql: str


def read_steps(folder: Traversable = STEPS) -> list[Step]:
    """The steps in ``folder``, by version: the baseline first, then each later file."""
    steps = []
    for entry in folder.iterdir():
        found = _STEP_FILE.match(entry.name)
        if found:
            steps.append(Step(int(found[1]), entry.name, entry.read_text(encoding="utf-8")))
    steps.sort(key=lambda step: step.version)
    versions = [step.version for step in steps]
    if not versions or versions[0] != BASELINE_VERSION or len(set(versions)) != len(versions):
        raise ValueError(f"{folder}: the steps must start with the baseline, version {BASELINE_VERSION}, "
                         f"and have one file per version (found {versions})")
    return steps


SCHEMA_VERSION = read_steps()[-1].version


def current_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def pending_versions(db: Database, steps: Traversable = STEPS) -> list[int]:
    """The versions ``migrate`` would apply (read only): a backup is taken first when any are."""
    version = current_version(db)
    if version > read_steps(steps)[-1].version:
        return []  # refused by migrate
    recorded = _recorded(db.conn) if version >= BASELINE_VERSION else set()
    return [step.version for step in read_steps(steps)
            if step.version > version or (version >= BASELINE_VERSION and step.version > BASELINE_VERSION
                                          and step.version not in recorded)]


def migrate(db: Database, steps: Traversable = STEPS) -> list[int]:
    """Bring the database to the last version in ``steps``; returns the versions applied.

    Opening an up-to-date file writes nothing to it.
    """
    plan = read_steps(steps)
    latest = plan[-1].version
    version = current_version(db)
    if version > latest:
        raise SchemaError(
            f"数据库架构版本 {version} 比本程序（{latest}）新，请使用新版工作站打开。",
            f"database schema version {version} is newer than this program ({latest}); "
            "use a newer version of the workstation")
    applied = []
    recorded = _recorded(db.conn) if version >= BASELINE_VERSION else set()
    for step in plan:
        # Branches number their steps apart (e.g. 0014 on one, 0015 on another) and may merge in
        # either order: a step above the baseline that this file has not recorded is applied even
        # when the file's version is already past it.
        late = version >= BASELINE_VERSION and step.version > BASELINE_VERSION and step.version not in recorded
        if (step.version > version or late) and _apply(db.conn, step):
            applied.append(step.version)
    return applied


def _recorded(conn: sqlite3.Connection) -> set[int]:
    return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}


def _apply(conn: sqlite3.Connection, step: Step) -> bool:
    """Apply one step in its own transaction; False when another connection applied it first."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if step.version <= version and (version < BASELINE_VERSION or step.version in _recorded(conn)):
            conn.rollback()
            return False
        name = step.name
        if 0 < version < BASELINE_VERSION:  # a development file: only the baseline comes next
            _check_convertible(conn, version, step.sql)
            name += f" (converted from version {version})"
        else:
            for statement in sql_statements(step.sql):
                conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                     [step.version, name, datetime.now(UTC).isoformat(timespec="seconds")])
        conn.execute(f"PRAGMA user_version = {int(max(version, step.version))}")
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return True


def sql_statements(sql: str) -> list[str]:
    """The statements of a step file, split where SQLite's own tokenizer says one is complete
    (a ';' in a string, a comment or a trigger's body does not end one)."""
    statements, start = [], 0
    for end in (m.end() for m in re.finditer(";", sql)):
        if sqlite3.complete_statement(sql[start:end]):
            statements.append(sql[start:end].strip())
            start = end
    rest = re.sub(r"--[^\n]*|/\*.*?\*/", "", sql[start:], flags=re.DOTALL).strip()
    if rest:
        raise ValueError(f"a step ends in an incomplete statement: {rest[:80]!r}")
    return statements


def _check_convertible(conn: sqlite3.Connection, version: int, baseline_sql: str) -> None:
    differences = schema_differences(describe_schema(conn), _baseline_schema(baseline_sql))
    if not differences:
        return
    more = "；…" if len(differences) > 8 else ""
    raise SchemaError(
        f"此数据库由开发版本的工作站创建（架构版本 {version}），其结构与正式版不同，无法打开。"
        "请用本程序新建数据库，重新导入原始病例文件、分组与医院参考表及规则。差异："
        + "；".join(zh for zh, _ in differences[:8]) + more,
        f"this database was made by a development build of the workstation (schema version {version}) "
        "and its schema differs from the released one, so it cannot be opened. Create a new database "
        "with this program and import the case files, group and hospital tables and rules again. "
        "Differences: " + "; ".join(en for _, en in differences[:8]) + more)


@cache
def _baseline_schema(baseline_sql: str) -> dict[str, object]:
    conn = sqlite3.connect(":memory:")
    try:
        for statement in sql_statements(baseline_sql):
            conn.execute(statement)
        return describe_schema(conn)
    finally:
        conn.close()


def describe_schema(conn: sqlite3.Connection) -> dict[str, object]:
    """The schema as comparable values, one per object: a table by its columns (name, declared
    type, not null, default, primary key), foreign keys, rowid and indexes (autoindexes too);
    an index by its table, uniqueness and key columns, under its name without the twin suffix;
    a view or trigger by its SQL without comments, quotes or layout. SQLite's own tables
    (sqlite_stat1 after ANALYZE, sqlite_sequence) are not part of it."""
    described: dict[str, object] = {}
    for kind, name, table, sql in conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"):
        if kind == "table":
            without_rowid = conn.execute("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?",
                                         [name]).fetchone()[0]
            described[f"table {name}"] = (
                [(c[1], c[2].upper(), c[3], c[4], c[5], c[6]) for c in conn.execute(f'PRAGMA table_xinfo("{name}")')],
                sorted(tuple(f[2:]) for f in conn.execute(f'PRAGMA foreign_key_list("{name}")')),
                bool(without_rowid),
            )
            for index in conn.execute(f'PRAGMA index_list("{name}")').fetchall():
                index_name = index[1]
                if not index_name.startswith("sqlite_autoindex_"):
                    index_name = index_name.removesuffix(TWIN_SUFFIX)
                keys = [(c[2], c[3], c[4]) for c in conn.execute(f'PRAGMA index_xinfo("{index[1]}")') if c[5]]
                partial = _normalized(conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [index[1]])
                                      .fetchone()[0] or "").partition(" WHERE ")[2] if index[4] else ""
                described[f"index {index_name}"] = (name, index[2], index[3], keys, partial)
        elif kind in ("view", "trigger"):
            described[f"{kind} {name}"] = (table, _normalized(sql))
    return described


def _normalized(sql: str) -> str:
    sql = re.sub(r"--[^\n]*|/\*.*?\*/", " ", sql, flags=re.DOTALL)
    sql = re.sub(r'"(\w+)"|\[(\w+)\]|`(\w+)`', lambda m: m[1] or m[2] or m[3], sql)
    sql = re.sub(r"\s+", " ", sql)
    return re.sub(r" ?([(),;=]) ?", r"\1", sql).strip()


def schema_differences(found: dict[str, object], expected: dict[str, object]) -> list[tuple[str, str]]:
    """What differs between two described schemas, one (Chinese, English) line per object."""
    lines = []
    for key in sorted(expected.keys() | found.keys()):
        if key not in found:
            lines.append((f"{key} 缺少", f"{key} missing"))
        elif key not in expected:
            lines.append((f"{key} 多出", f"{key} unexpected"))
        elif found[key] != expected[key]:
            lines.append((f"{key} 不同", f"{key} differs"))
    return lines
