"""Writing a recomputation into ``case_results`` in one transaction.

The values many cases share (benchmark, thresholds, coefficient, payment
basis, flags) are ``result_variants`` rows, some thousands for a million
cases (migration 6). The per-case numbers go into a narrow temporary table
(4 integers a case: case, variant, points, payment); one INSERT … SELECT then
joins it with ``cases`` and the variants, so SQLite copies the 16 columns in C
instead of Python binding 16 million values. When a sample says few rows change, only those
are rewritten, each costing an update in every index of case_results. When
many change (a rules change, the first recompute after an import), the rows
go into a fresh table in rowid order, its few indexes are built once from it
and it takes the old table's place, all in the same transaction: several
times cheaper per row than maintaining the indexes.
"""
from __future__ import annotations

import re
import time

import numpy as np
import pandas as pd
from sqlite_utils import Database

from workstation.domain.flags import codes_text
from workstation.engine.detect import BASES, Detection
from workstation.engine.freshness import stamp_results
from workstation.store.db import bulk_write_journal
from workstation.store.migrations import RESULT_COLUMNS, VARIANT_COLUMNS, twin_index_name

REBUILD_INDEXES_FROM = 20_000  # rows written; below this, updating the live indexes is cheaper

# One result row from the staged numbers, its variant and the case's own columns, read from ``{c}``.
_ROWS = """
SELECT r.case_pk, {c}.period, {c}.hospital_code, {c}.drg_code, {c}.case_id, {c}.patient_id, {c}.discharge_date,
       {c}.los, {c}.total_cost_fen, :ruleset_id, r.variant, v.avg_cost_fen,
       CASE WHEN v.avg_cost_fen > 0 THEN CAST({c}.total_cost_fen AS REAL) / v.avg_cost_fen END,
       v.flags, r.points_scaled / :scale, r.payment_fen
FROM temp.rc_case r
JOIN {source}
JOIN result_variants v ON v.id = r.variant"""
_SELECT = _ROWS.format(c="c", source="cases c ON c.id = r.case_pk")
# The case's own columns never change once imported (cases are only appended), so a rewrite can copy
# them from the previous result row, 16 narrow columns, instead of from the ~45-column `cases` row:
# 1M cases, 2.6 s against 3.3 s. Used when the old table holds most of the cases (a rules or
# table change); after an import, the new cases come from `cases`.
_SELECT_FROM_PREVIOUS = _ROWS.format(c="o", source="case_results o ON o.case_pk = r.case_pk")
_FROM_PREVIOUS_WHEN_HELD = 0.9  # of the cases written

_STAGE_COLUMNS = "case_pk INTEGER PRIMARY KEY, variant INT, points_scaled INT, payment_fen INT"


def _float(value) -> float | None:
    return None if value is None else float(value)


def variant_ids(conn, rows: list[tuple]) -> list[int]:
    """The ``result_variants`` id of each row (values in VARIANT_COLUMNS order), added when new.

    A variant keeps its id while some result uses it, so an unchanged result keeps its
    variant id and the comparison of old and new rows need not look into the variant."""
    known = {tuple(row[1:]): row[0] for row in
             conn.execute(f"SELECT id, {', '.join(VARIANT_COLUMNS)} FROM result_variants")}
    next_id = max(known.values(), default=0) + 1
    added = []
    for row in rows:
        if row not in known:
            known[row] = next_id
            added.append((next_id, *row))
            next_id += 1
    # One statement for all new variants (after a rules change, tens of thousands).
    conn.executemany(f"INSERT INTO result_variants (id, {', '.join(VARIANT_COLUMNS)})"
                     f" VALUES ({', '.join('?' * (len(VARIANT_COLUMNS) + 1))})", added)
    return [known[row] for row in rows]


def _stage(db: Database, case_pks: np.ndarray, found: Detection) -> np.ndarray:
    """Fill temp.rc_case (4 integers a case); returns the variant ids in use."""
    conn = db.conn
    conn.execute("DROP TABLE IF EXISTS temp.rc_case")
    conn.execute(f"CREATE TEMP TABLE rc_case ({_STAGE_COLUMNS})")
    # pandas' hash factorising: a third of np.unique's sort on a million keys (order is immaterial).
    mask_index, masks = pd.factorize(found.flags)
    hospitals, kinds = len(found.coefficient_values), len(masks)  # the coefficient, not the hospital, tells variants apart
    key = ((found.combo.astype(np.int64) * hospitals + found.coefficient) * 8 + found.basis) * kinds + mask_index
    variant, variants = pd.factorize(key)
    codes = [codes_text(m) for m in masks.tolist()]
    coefficients = [float(c) for c in found.coefficient_values]
    combo_values: dict[int, tuple] = {}  # a combination's columns, made once (thousands of variants share one)
    variant_rows = []
    for k in variants.tolist():
        rest, m = divmod(k, kinds)
        combo = rest // 8 // hospitals
        if combo not in combo_values:
            c = found.combos[combo]
            combo_values[combo] = (
                (c.bench.avg_cost_fen, c.bench.source, c.bench.n, _float(c.bench.weight),
                 _float(c.bench.base_points)) if c.bench else (None, "none", 0, None, None),
                (c.high_multiple[1] if c.high_multiple else None, c.high_threshold_fen, c.low_threshold_fen))
        bench, thresholds = combo_values[combo]
        # In VARIANT_COLUMNS order.
        variant_rows.append((*bench, coefficients[rest // 8 % hospitals], *thresholds,
                             BASES[rest % 8], int(masks[m]), codes[m]))
    ids = np.asarray(variant_ids(conn, variant_rows), dtype=np.int64)
    _insert_rows(conn, "temp.rc_case", np.stack([np.asarray(case_pks, dtype=np.int64), ids[variant],
                                                 found.points_scaled.astype(np.int64),
                                                 found.payment_fen.astype(np.int64)], axis=1))
    return ids


ROWS_PER_STATEMENT = 200  # 800 bound values: under SQLite's oldest limit of 999


def _insert_rows(conn, table: str, rows: np.ndarray) -> None:
    """Insert an integer matrix, many rows per INSERT: half the time of one row per statement."""
    flat, width = rows.ravel().tolist(), rows.shape[1]
    row = f"({', '.join('?' * width)})"
    step = ROWS_PER_STATEMENT * width
    whole = len(flat) // step * step
    if whole:
        conn.executemany(f"INSERT INTO {table} VALUES {', '.join([row] * ROWS_PER_STATEMENT)}",
                         (flat[i:i + step] for i in range(0, whole, step)))
    if len(flat) > whole:
        conn.execute(f"INSERT INTO {table} VALUES {', '.join([row] * ((len(flat) - whole) // width))}",
                     flat[whole:])


# A row is unchanged when every value it holds is the same (the variant's id stands for its
# values; avg_cost_fen, flags and cost_ratio follow from it and the cost). The values a rules
# change moves come first: the AND stops at the first difference.
_UNCHANGED = """o.variant_id IS r.variant AND o.points IS r.points_scaled / :scale
    AND o.estimated_payment_fen IS r.payment_fen AND o.period IS c.period AND o.hospital_code IS c.hospital_code
    AND o.drg_code IS c.drg_code AND o.case_id IS c.case_id AND o.patient_id IS c.patient_id AND o.discharge_date IS c.discharge_date
    AND o.los IS c.los AND o.total_cost_fen IS c.total_cost_fen"""


# Pages (of 4 KiB) the write may keep in memory: a rewrite of a million rows (table and
# indexes, about 300 MB) then never spills half-built b-tree pages to the WAL and reads them back.
WRITE_CACHE_PAGES = 150_000


def write_results(db: Database, case_pks: np.ndarray, found: Detection, periods: list[str] | None,
                  ruleset_id: int, scale: int, *, codes: list[tuple[str, str, str]],
                  counts: list[tuple[str, str, int, int]], timings: dict[str, float] | None = None,
                  generations: dict[str, int] | None = None) -> int:
    """Bring the results of ``periods`` (None = all) to ``found``, in one transaction.

    Only rows whose values changed are rewritten; every row of the periods gets
    ``ruleset_id``. Returns the number of rows written or removed (the bulk path
    writes every row of the periods). ``codes``, the
    (period, "hospital" | "drg", code) present in the periods, replace theirs in ``period_codes``;
    ``counts`` ((period, hospital code, flags, cases) for every case written) replace theirs in
    ``result_counts_detail``.

    A large rewrite (a rules change, the first recompute after an import; a
    1/64 sample of the cases decides) takes the bulk path: every row goes into
    a fresh table in ``case_pk`` (rowid) order, its indexes are built once and
    it replaces the old table, inside the same transaction. ``timings`` (when
    given) receives seconds per step, for the benchmark.
    """
    params = {"ruleset_id": ruleset_id, "scale": float(scale)}
    scope, scope_params = "1", []
    if periods is not None:
        scope = f"period IN ({', '.join('?' * len(periods))})"
        scope_params = list(periods)
    conn = db.conn
    clock = [time.perf_counter()]

    def lap(step: str) -> None:
        if timings is not None:
            now = time.perf_counter()
            timings[f"write.{step}"] = now - clock[0]
            clock[0] = now

    cache_pages = conn.execute("PRAGMA cache_size").fetchone()[0]
    secure_delete = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {max(WRITE_CACHE_PAGES, cache_pages)}")
    # Debian's SQLite zeroes every freed page (secure_delete on): dropping the replaced table
    # would write its 200+ MB of pages once more. FAST still wipes deleted content within the
    # pages it writes anyway; the freed pages hold the same cases' previous results (no names
    # or ID numbers) until the next rewrite reuses them.
    conn.execute("PRAGMA secure_delete = FAST")
    # Every row written is made by joining `cases` and names the current rule set, so its
    # foreign keys hold by construction; checking them costs two lookups a row. (A no-op
    # when a caller already holds a transaction: then they are checked as usual.)
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        # Alone with the file, the pages go once into it under a rollback journal (store.db).
        with bulk_write_journal(db), db.atomic():
            in_use = _stage(db, case_pks, found)
            lap("stage")
            # MAX(case_pk) stands for the table's size (COUNT(*) would scan it).
            total = conn.execute("SELECT MAX(case_pk) FROM case_results").fetchone()[0] or 0
            estimate = _estimated_changes(db, scale)
            lap("sample")
            if estimate >= max(REBUILD_INDEXES_FROM, total // 10):
                changed = _rewrite_bulk(db, scope, scope_params, params, len(case_pks), in_use, lap)
            else:
                changed = _rewrite_changed(db, scope, scope_params, params, len(case_pks), lap)
            conn.execute("DROP TABLE temp.rc_case")
            _replace_period_codes(db, scope, scope_params, codes)
            _replace_result_counts(db, scope, scope_params, counts)
            stamp_results(db, generations or {})  # engine.freshness: these periods are fresh now
        lap("commit")
    finally:
        conn.execute(f"PRAGMA cache_size = {cache_pages}")
        conn.execute(f"PRAGMA secure_delete = {int(secure_delete)}")
        conn.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
    return changed


def _replace_period_codes(db: Database, scope: str, scope_params: list, codes) -> None:
    db.conn.execute(f"DELETE FROM period_codes WHERE {scope}", scope_params)
    db.conn.executemany("INSERT INTO period_codes VALUES (?, ?, ?)", codes)


def _replace_result_counts(db: Database, scope: str, scope_params: list,
                           counts: list[tuple[str, str, int, int]]) -> None:
    """The periods' results are every case read for them: their numbers are the cases' numbers."""
    db.conn.execute(f"DELETE FROM result_counts_detail WHERE {scope}", scope_params)
    db.conn.executemany("INSERT INTO result_counts_detail VALUES (?, ?, ?, ?)", counts)


SAMPLE_EVERY = 64  # one case in this many is compared to decide between the two ways of writing


def _estimated_changes(db: Database, scale: int) -> float:
    """How many rows will change, from comparing a sample (cheap: a full comparison costs seconds)."""
    n, changed = db.conn.execute(f"""SELECT COUNT(*), COALESCE(SUM(o.case_pk IS NULL OR NOT ({_UNCHANGED})), 0)
                                     FROM temp.rc_case r
                                     JOIN cases c ON c.id = r.case_pk
                                     LEFT JOIN case_results o ON o.case_pk = r.case_pk
                                     WHERE r.case_pk % {SAMPLE_EVERY} = 0""", {"scale": float(scale)}).fetchone()
    return changed * SAMPLE_EVERY


def _rewrite_changed(db: Database, scope: str, scope_params: list, params: dict, cases: int, lap) -> int:
    """Rewrite only the rows whose values changed, updating the live indexes row by row."""
    conn = db.conn
    conn.execute("DROP TABLE IF EXISTS temp.rc_changed")
    conn.execute(f"""CREATE TEMP TABLE rc_changed AS SELECT r.case_pk, o.case_pk IS NULL AS is_new
                     FROM temp.rc_case r
                     JOIN cases c ON c.id = r.case_pk
                     LEFT JOIN case_results o ON o.case_pk = r.case_pk
                     WHERE o.case_pk IS NULL OR NOT ({_UNCHANGED})""", {"scale": params["scale"]})
    # Rows of the periods whose case is gone (or moved): only looked for when the counts say so.
    new = conn.execute("SELECT COUNT(*) FROM temp.rc_changed WHERE is_new").fetchone()[0]
    held = conn.execute(f"SELECT COUNT(*) FROM case_results WHERE {scope}", scope_params).fetchone()[0]
    if held > cases - new:
        conn.execute(f"""INSERT INTO temp.rc_changed SELECT case_pk, 0 FROM case_results WHERE {scope}
                         AND case_pk NOT IN (SELECT case_pk FROM temp.rc_case)""", scope_params)
    changed = conn.execute("SELECT COUNT(*) FROM temp.rc_changed").fetchone()[0]
    lap("compare")
    conn.execute("DELETE FROM case_results WHERE case_pk IN (SELECT case_pk FROM temp.rc_changed)")
    conn.execute(f"INSERT INTO case_results ({', '.join(RESULT_COLUMNS)}) {_SELECT}"
                 " WHERE r.case_pk IN (SELECT case_pk FROM temp.rc_changed)", params)
    conn.execute(f"UPDATE case_results SET ruleset_id = ? WHERE {scope} AND ruleset_id IS NOT ?",
                 [params["ruleset_id"], *scope_params, params["ruleset_id"]])
    conn.execute("DROP TABLE temp.rc_changed")
    lap("rows")
    return changed


def _rewrite_bulk(db: Database, scope: str, scope_params: list, params: dict, written: int, in_use: np.ndarray,
                  lap) -> int:
    """Write the results into a fresh table in rowid order, index it, and put it in the old one's place.

    Inside the caller's transaction, so a failure leaves the old table. Building
    each index once from the finished table is several times cheaper than
    maintaining it through a million inserts; the old table is freed whole.
    Variants no result uses any more are removed. Returns the rows written
    (every case of the periods) or removed: cases are only ever added to a
    period, so the larger of the cases now and the rows held before.
    """
    conn = db.conn
    table_sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'case_results'"
                             ).fetchone()[0]
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                           " AND tbl_name = 'case_results' AND sql IS NOT NULL").fetchall()
    views = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall()
    held = conn.execute(f"SELECT COUNT(*) FROM case_results WHERE {scope}", scope_params).fetchone()[0]
    conn.execute("DROP TABLE IF EXISTS case_results_next")
    conn.execute(re.sub(r'^CREATE TABLE\s+("case_results"|\[case_results\]|case_results)',
                        'CREATE TABLE "case_results_next"', table_sql, count=1))
    keep = set(in_use.tolist())
    if scope != "1":  # the other periods' rows stay as they are
        conn.execute(f"""INSERT INTO case_results_next SELECT * FROM case_results WHERE NOT ({scope})
                         AND case_pk NOT IN (SELECT case_pk FROM temp.rc_case) ORDER BY case_pk""", scope_params)
        keep.update(v for (v,) in conn.execute("SELECT DISTINCT variant_id FROM case_results_next"))
    columns = ", ".join(RESULT_COLUMNS)
    if held >= _FROM_PREVIOUS_WHEN_HELD * written:
        copied = conn.execute(f"INSERT INTO case_results_next ({columns}) {_SELECT_FROM_PREVIOUS}"
                              " ORDER BY r.case_pk", params).rowcount
        if copied < written:  # cases new since the last recompute
            conn.execute(f"INSERT INTO case_results_next ({columns}) {_SELECT}"
                         " WHERE r.case_pk NOT IN (SELECT case_pk FROM case_results) ORDER BY r.case_pk", params)
    else:
        conn.execute(f"INSERT INTO case_results_next ({columns}) {_SELECT} ORDER BY r.case_pk", params)
    lap("insert")
    # The indexes are built while the old table still holds its pages. Built after dropping it,
    # they would be written into its freed pages, and each of those must first be copied to the
    # rollback journal (1M cases: 130 MB more to write and sync at the commit, +0.5 s). SQLite
    # cannot rename an index, so each index takes its twin's name: the names alternate between
    # rewrites (nothing refers to an index by name; see migrations).
    for name, sql in indexes:
        conn.execute(_index_on_next(sql, twin_index_name(name)))
    lap("index")
    # A view naming case_results would make the rename fail while the table is missing.
    for name, _ in views:
        conn.execute(f'DROP VIEW "{name}"')
    conn.execute("DROP TABLE case_results")
    conn.execute('ALTER TABLE case_results_next RENAME TO "case_results"')
    for _, sql in views:
        conn.execute(sql)
    unused = [(i,) for (i,) in conn.execute("SELECT id FROM result_variants").fetchall() if i not in keep]
    _delete_variants(conn, unused)
    lap("swap")
    return max(written, held)


def _delete_variants(conn, unused: list[tuple[int]]) -> None:
    """Delete variants no result uses. Inside a caller's transaction (loading rules or a table
    recomputes within it) foreign keys stay checked, as PRAGMA foreign_keys cannot change there:
    SQLite then looks for each deleted variant among the results, a scan of the table without
    an index on variant_id (1M results: 0.1 s each, hours for a rules change's tens of
    thousands). A temporary index makes each look-up a seek; it is built only then (0.3 s)."""
    if not unused:
        return
    checked = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    if checked:
        conn.execute(f'CREATE INDEX "{_VARIANT_LOOKUP}" ON case_results (variant_id)')
    conn.executemany("DELETE FROM result_variants WHERE id = ?", unused)
    if checked:
        conn.execute(f'DROP INDEX "{_VARIANT_LOOKUP}"')


_VARIANT_LOOKUP = "temp_case_results_variant_lookup"


def _index_on_next(sql: str, name: str) -> str:
    """An index's CREATE statement, named ``name`` and on case_results_next."""
    made, found = re.subn(r'^CREATE\s+(UNIQUE\s+)?INDEX\s+(?:"[^"]+"|\[[^\]]+\]|\S+)\s+'
                          r'ON\s+(?:"case_results"|\[case_results\]|case_results)(?=[\s(])',
                          lambda m: f'CREATE {m.group(1) or ""}INDEX "{name}" ON "case_results_next"',
                          sql, count=1, flags=re.IGNORECASE)
    if not found:
        raise ValueError(f"unexpected index statement: {sql}")
    return made
