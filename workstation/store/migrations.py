"""Ordered schema migrations. The schema version is SQLite's ``user_version``.

A migration is appended, never edited once released: a workstation that opens
an older file runs the missing steps in order, each in its own transaction, and
records it in ``schema_migrations``.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlite_utils import Database

from workstation.domain.fields import CASE_FIELDS

Migration = tuple[int, str, Callable[[Database], None]]

_SQL_TYPES = {
    "text": str, "codes": str, "date": str,
    "int": int, "money": int, "sex": int, "level": int, "mode": int, "flag": int,
}


def _v1_foundation(db: Database) -> None:
    db["batches"].create(
        {
            "id": int,
            "file_name": str,
            "file_sha256": str,
            "file_size": int,
            "file_format": str,  # csv | xlsx
            "encoding": str,
            "delimiter": str,
            "profile": str,  # column-mapping profile used, if any
            "column_map": str,  # JSON: source header -> canonical key (null = kept as extra)
            "period": str,
            "imported_at": str,  # ISO 8601, UTC
            "imported_by": str,
            "rows_read": int,
            "rows_imported": int,
            "rows_quarantined": int,
            "rows_already_imported": int,  # quarantined because the case was in an earlier batch
        },
        pk="id",
        not_null={"file_name", "file_sha256", "period", "imported_at", "imported_by",
                  "rows_read", "rows_imported", "rows_quarantined"},
    )
    db["batches"].create_index(["file_sha256"])
    db["batches"].create_index(["period"])

    case_columns: dict[str, type] = {"id": int, "batch_id": int, "period": str, "source_row": int}
    for field in CASE_FIELDS:
        case_columns[field.column] = _SQL_TYPES[field.type]
    case_columns["extra"] = str  # JSON of source columns the workstation does not know
    db["cases"].create(
        case_columns,
        pk="id",
        foreign_keys=[("batch_id", "batches", "id")],
        not_null={"batch_id", "period", "source_row", "case_id", "hospital_code", "patient_id",
                  "sex", "age", "admit_date", "discharge_date", "los", "discharge_mode",
                  "main_dx", "total_cost_fen"},
    )
    db["cases"].create_index(["hospital_code", "case_id"], unique=True)
    # No index on batch_id: nothing reads cases by batch (batches are never deleted, and a
    # batch's counts are in `batches`), and each index adds ~1 s to a million-row import.
    db["cases"].create_index(["period", "drg_code"])  # dropped by migration 4
    db["cases"].create_index(["patient_id"])

    db["quarantine"].create(
        {
            "id": int,
            "batch_id": int,
            "source_row": int,  # the row number a spreadsheet shows (header = row 1)
            "reason_code": str,
            "column": str,  # the canonical key at fault, when one is
            "reason": str,  # the message shown to the user (Chinese)
            "reason_en": str,
            "raw": str,  # JSON: source header -> raw text, exactly as read
        },
        pk="id",
        foreign_keys=[("batch_id", "batches", "id")],
        not_null={"batch_id", "source_row", "reason_code", "reason", "raw"},
    )
    db["quarantine"].create_index(["batch_id"])

    # Reference tables are versioned: a load adds a version and makes it current;
    # older versions stay, so nothing a user loaded is ever lost.
    db["reference_versions"].create(
        {
            "id": int,
            "kind": str,  # groups | hospitals
            "source": str,  # file name or "bundled: ..."
            "file_sha256": str,
            "label": str,  # e.g. "北京 2022"
            "loaded_at": str,
            "loaded_by": str,
            "rows": int,
            "rows_rejected": int,
            "is_current": int,
        },
        pk="id",
        not_null={"kind", "source", "loaded_at", "loaded_by", "rows", "is_current"},
    )
    db["drg_groups"].create(
        {
            "version_id": int,
            "drg_code": str,
            "drg_name": str,
            "weight": str,  # exact decimal text, e.g. "5.8"; null when paid by item
            "base_points": str,  # exact decimal text; null = weight x 100
            "avg_cost_fen": int,  # null = computed from the period's cases
            "avg_los": str,
            "payable_by_drg": int,  # 0 when the table says 按项目据实支付 or similar
            "note": str,  # e.g. the text that stood in the weight column
            "extra": str,
        },
        pk=("version_id", "drg_code"),
        foreign_keys=[("version_id", "reference_versions", "id")],
        not_null={"version_id", "drg_code", "drg_name", "payable_by_drg"},
    )
    db["hospitals"].create(
        {
            "version_id": int,
            "hospital_code": str,
            "hospital_name": str,
            "hospital_level": int,  # 3 / 2 / 1
            "coefficient": str,  # exact decimal text, default "1.0"
            "extra": str,
        },
        pk=("version_id", "hospital_code"),
        foreign_keys=[("version_id", "reference_versions", "id")],
        not_null={"version_id", "hospital_code", "coefficient"},
    )
    db.create_view("current_drg_groups", """
        SELECT g.* FROM drg_groups g
        JOIN reference_versions v ON v.id = g.version_id
        WHERE v.kind = 'groups' AND v.is_current = 1""")
    db.create_view("current_hospitals", """
        SELECT h.* FROM hospitals h
        JOIN reference_versions v ON v.id = h.version_id
        WHERE v.kind = 'hospitals' AND v.is_current = 1""")

    db["import_profiles"].create(
        {"name": str, "column_map": str, "saved_at": str, "saved_by": str},
        pk="name",
        not_null={"column_map", "saved_at", "saved_by"},
    )

    # Rule sets (the outlier/points engine): each load is kept; one is current.
    db["rulesets"].create(
        {
            "id": int,
            "name": str,
            "source": str,
            "sha256": str,
            "content": str,  # the merged rules as TOML text, exactly as used
            "loaded_at": str,
            "loaded_by": str,
            "is_current": int,
        },
        pk="id",
        not_null={"name", "source", "sha256", "content", "loaded_at", "loaded_by", "is_current"},
    )

    # Derived per-case results: recomputed wholesale, never edited by hand.
    # Narrow on purpose: the review queue scans and sorts this table, not `cases`.
    db["case_results"].create(
        {
            "case_pk": int,  # cases.id
            # Copied from the case so the queue filters and sorts without joining `cases`:
            "period": str,
            "hospital_code": str,
            "drg_code": str,
            "case_id": str,
            "patient_id": str,
            "discharge_date": str,
            "los": int,
            "total_cost_fen": int,
            "ruleset_id": int,
            "avg_cost_fen": int,
            "benchmark_source": str,  # table | computed | none
            "benchmark_n": int,  # cases the computed benchmark was averaged over
            "weight": float,  # display and CMI only; exact values live in drg_groups
            "base_points": float,
            "coefficient": float,
            "high_multiple": str,  # the k used for HIGH, exact decimal text
            "high_threshold_fen": int,
            "low_threshold_fen": int,
            "cost_ratio": float,  # total_cost / avg_cost, for display and sorting
            "flags": int,  # bit set, see workstation.domain.flags
            "flag_codes": str,  # the same, as codes joined by ';'
            "payment_basis": str,  # NORMAL | HIGH | LOW | INCOMPLETE | BY_ITEM
            "points": float,  # rounded to 4 decimals
            "estimated_payment_fen": int,
            "computed_at": str,
        },
        pk="case_pk",
        foreign_keys=[("case_pk", "cases", "id"), ("ruleset_id", "rulesets", "id")],
    )
    for columns in (["period", "hospital_code"], ["period", "drg_code"], ["flags"],
                    ["cost_ratio"], ["points"]):
        db["case_results"].create_index(columns)

    # Review state of a case (the workflow issue extends this).
    db["case_reviews"].create(
        {"case_pk": int, "status": str, "updated_at": str, "updated_by": str, "note": str},
        pk="case_pk",
        foreign_keys=[("case_pk", "cases", "id")],
        not_null={"status", "updated_at", "updated_by"},
    )

    # The audit log: append-only, each event carries the hash of the one before.
    db["audit_log"].create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "action": str,
            "entity": str,
            "entity_id": str,
            "before": str,  # JSON
            "after": str,  # JSON
            "prev_hash": str,
            "hash": str,
        },
        pk="id",
        not_null={"at", "actor", "action", "entity", "prev_hash", "hash"},
    )
    db.execute("""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""")
    db.execute("""CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""")


# (History: migrations 2-8 kept the queue index described here; migration 9 drops it.)
# Every index on case_results is rebuilt by each full recompute (a million rows after a
# rules change or the first import), at 0.25-1.3 s apiece, so the queue keeps few. Measured
# on 1,000,000 rows (200 bytes each): a count or top-N sort that scans the table takes
# 0.1-0.25 s, too slow for a filter change that needs both. The queue index below holds the
# columns the filters test, so those scans read 55 bytes a case instead (0.05 s); it leads
# with (period, case_pk), the order the rows are written in, so building it is a nearly
# sorted pass (about 0.6 s where (period, hospital_code) alone takes 1.2 s), and its period
# prefix narrows every query of one period. Sorts on columns it does not hold scan the
# table. Case and patient ids have indexes of their own (0.3 s each to build: the ids are
# already nearly in order): with them in the queue index instead, a search for an id prefix
# took 0.3 s (two scans comparing text) and a descending sort by case id 0.4 s (ids rise
# with case_pk, so every row enters the top N).
# Tried and not kept (session 11): case_results as a WITHOUT ROWID table keyed (period,
# case_pk), i.e. the queue index as the table itself. The queue was as fast on it (bench/ui.py
# worst move 0.28 s against 0.28 s; the table's rows are 22 % wider than the index entries)
# and the index phase of a full recompute fell from 1.6-2.2 s to 1.0-1.25 s, but writing the
# rows rose from 1.7-2.7 s to 3.5-4.4 s even in key order: a rowid table takes appended rows
# on SQLite's quick path, a keyed b-tree checks each key and splits its pages the slow way.
# A full recompute was 1-2 s slower; the rowid table and a sorted index build stay.
# A full recompute builds the new table's indexes under their twin names (the name and the
# name + TWIN_SUFFIX, in turn; engine.store_results): nothing may refer to an index on
# case_results by its name alone (a later migration looks for both).
TWIN_SUFFIX = "__b"


def twin_index_name(name: str) -> str:
    """The other of an index's two names."""
    return name[:-len(TWIN_SUFFIX)] if name.endswith(TWIN_SUFFIX) else name + TWIN_SUFFIX


QUEUE_INDEX = "idx_case_results_queue"
_QUEUE_INDEX_COLUMNS_V2 = ["period", "case_pk", "hospital_code", "drg_code", "flags", "los", "cost_ratio",
                           "total_cost_fen", "avg_cost_fen"]
# Migration 5 adds the last sortable columns: a sort by discharge date, points or payment over
# every period scanned the whole table (0.34-0.39 s on a million cases); through this index it
# reads ~80 bytes a case instead of ~200. Building it costs a full recompute ~0.3 s more.
QUEUE_INDEX_COLUMNS = _QUEUE_INDEX_COLUMNS_V2 + ["discharge_date", "points", "estimated_payment_fen"]
_DROPPED_V1 = ("idx_case_results_period_hospital_code", "idx_case_results_period_drg_code",
               "idx_case_results_flags", "idx_case_results_cost_ratio", "idx_case_results_points")
_DROPPED_EARLIER_DRAFT = [f"idx_case_results_{c}" for c in (
    "hospital_code", "drg_code", "discharge_date", "los", "total_cost_fen", "avg_cost_fen",
    "estimated_payment_fen")] + [f"idx_case_results_period_{c}" for c in (
    "case_id", "patient_id", "discharge_date", "los", "total_cost_fen", "avg_cost_fen", "cost_ratio",
    "flags", "points", "estimated_payment_fen")] + [
    "idx_case_results_period"]


def _v2_queue_indexes(db: Database) -> None:
    db["case_results"].create_index(_QUEUE_INDEX_COLUMNS_V2, index_name=QUEUE_INDEX, if_not_exists=True)
    for columns in (["case_id"], ["patient_id"]):  # the search, and the case id sort
        db["case_results"].create_index(columns, if_not_exists=True)
    for name in _DROPPED_V1:  # the queue index covers what these served
        db.execute(f'DROP INDEX IF EXISTS "{name}"')


def _v3_drop_draft_queue_indexes(db: Database) -> None:
    # A development draft of migrations 2-3 added an index per sortable column and per
    # (period, column); files made by it lose them here. A new file has none of them.
    for name in _DROPPED_EARLIER_DRAFT:
        db.execute(f'DROP INDEX IF EXISTS "{name}"')


def _v4_batch_case_ranges(db: Database) -> None:
    # A batch's cases are inserted in one transaction by the only writer, so their ids are one
    # unbroken run: the batch records it, and a period's cases are read as the id ranges of its
    # batches (a range of the table itself, the fastest read SQLite has; the query still tests
    # the period). That replaces the (period, drg_code) index on cases, which cost a million-row
    # import 3 s to build and was only used to find a period's rows.
    for column in ("first_case_pk", "last_case_pk"):
        if column not in db["batches"].columns_dict:
            db["batches"].add_column(column, int)
    for batch_id, first, last in db.execute(
            "SELECT batch_id, MIN(id), MAX(id) FROM cases GROUP BY batch_id").fetchall():
        db.execute("UPDATE batches SET first_case_pk = ?, last_case_pk = ? WHERE id = ?", [first, last, batch_id])
    # The others hold no case (the pass above saw every case): an empty range.
    db.execute("UPDATE batches SET first_case_pk = 1, last_case_pk = 0 WHERE first_case_pk IS NULL")
    db.execute("DROP INDEX IF EXISTS idx_cases_period_drg_code")
    # The hospitals and DRG codes present in each period, for the queue's filter lists: derived,
    # written with the results by every recompute (a DISTINCT over a million-case period took
    # 0.5 s a column; all periods, a hop along that index per period).
    db.execute("""CREATE TABLE period_codes (period TEXT NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL,
                  PRIMARY KEY (period, kind, code)) WITHOUT ROWID""")
    for kind, column in (("hospital", "hospital_code"), ("drg", "drg_code")):
        db.execute(f"INSERT INTO period_codes SELECT DISTINCT period, '{kind}', {column} FROM case_results"
                   f" WHERE {column} > ''")


def _v5_queue_index_sorts(db: Database) -> None:
    db.execute(f'DROP INDEX IF EXISTS "{QUEUE_INDEX}"')
    db["case_results"].create_index(QUEUE_INDEX_COLUMNS, index_name=QUEUE_INDEX)


# Migration 6: what a case's result shares with many others (its benchmark, thresholds, weight,
# coefficient, payment basis, flags) is one row of ``result_variants`` - some thousands stand for
# a million cases - and ``case_results`` keeps per case only what differs or what the queue
# filters and sorts on, with the variant's id. A full recompute writes 16 columns a case instead
# of 26 (measured on a million cases: the rows 4.1 s -> 2.6 s, commit 1.6 s -> 0.7 s). A
# variant's id is kept for as long as some result uses it, so a row whose values did not change
# keeps its variant id. ``case_results_full`` joins the two back for the screens and exports.
VARIANT_COLUMNS = ["avg_cost_fen", "benchmark_source", "benchmark_n", "weight", "base_points", "coefficient",
                   "high_multiple", "high_threshold_fen", "low_threshold_fen", "payment_basis", "flags",
                   "flag_codes"]
RESULT_COLUMNS = ["case_pk", "period", "hospital_code", "drg_code", "case_id", "patient_id", "discharge_date",
                  "los", "total_cost_fen", "ruleset_id", "variant_id", "avg_cost_fen", "cost_ratio", "flags",
                  "points", "estimated_payment_fen"]
RESULTS_TABLE_SQL = """CREATE TABLE "case_results" (
   "case_pk" INTEGER PRIMARY KEY REFERENCES "cases"("id"),
   -- copied from the case so the queue filters and sorts without joining cases:
   "period" TEXT, "hospital_code" TEXT, "drg_code" TEXT, "case_id" TEXT, "patient_id" TEXT,
   "discharge_date" TEXT, "los" INTEGER, "total_cost_fen" INTEGER,
   "ruleset_id" INTEGER REFERENCES "rulesets"("id"),
   "variant_id" INTEGER REFERENCES "result_variants"("id"),
   "avg_cost_fen" INTEGER,  -- also in the variant: the queue sorts and filters on it
   "cost_ratio" REAL,  -- total_cost / avg_cost, for display and sorting
   "flags" INTEGER,  -- bit set (workstation.domain.flags); also in the variant
   "points" REAL,  -- rounded to the rules' decimals
   "estimated_payment_fen" INTEGER
)"""
RESULTS_VIEW = "case_results_full"
RESULTS_VIEW_SQL = f"""CREATE VIEW "{RESULTS_VIEW}" AS
SELECT r.*, v.benchmark_source, v.benchmark_n, v.weight, v.base_points, v.coefficient, v.high_multiple,
       v.high_threshold_fen, v.low_threshold_fen, v.payment_basis, v.flag_codes
FROM case_results r JOIN result_variants v ON v.id = r.variant_id"""


def _v6_result_variants(db: Database) -> None:
    columns = ", ".join(VARIANT_COLUMNS)
    db.execute("""CREATE TABLE "result_variants" (
                    "id" INTEGER PRIMARY KEY, "avg_cost_fen" INTEGER,
                    "benchmark_source" TEXT,  -- table | computed | none
                    "benchmark_n" INTEGER,  -- cases a computed benchmark was averaged over
                    "weight" REAL,  -- display and CMI only; exact values live in drg_groups
                    "base_points" REAL, "coefficient" REAL,
                    "high_multiple" TEXT,  -- the k used for HIGH, exact decimal text
                    "high_threshold_fen" INTEGER, "low_threshold_fen" INTEGER,
                    "payment_basis" TEXT,  -- NORMAL | HIGH | LOW | INCOMPLETE | BY_ITEM
                    "flags" INTEGER, "flag_codes" TEXT)""")
    db.execute(f"INSERT INTO result_variants ({columns}) SELECT DISTINCT {columns} FROM case_results")
    db.execute(f"CREATE INDEX temp_variant_lookup ON result_variants ({columns})")
    db.execute(RESULTS_TABLE_SQL.replace('"case_results"', '"case_results_next"', 1))
    same = " AND ".join(f"v.{c} IS r.{c}" for c in VARIANT_COLUMNS)
    db.execute(f"""INSERT INTO case_results_next ({", ".join(RESULT_COLUMNS)})
                   SELECT {", ".join(f"r.{c}" if c != "variant_id" else
                                     f"(SELECT v.id FROM result_variants v WHERE {same})" for c in RESULT_COLUMNS)}
                   FROM case_results r ORDER BY r.case_pk""")
    db.execute("DROP INDEX temp_variant_lookup")
    db.execute("DROP TABLE case_results")
    db.execute('ALTER TABLE case_results_next RENAME TO "case_results"')
    db["case_results"].create_index(QUEUE_INDEX_COLUMNS, index_name=QUEUE_INDEX)
    for column in ("case_id", "patient_id"):  # the search, and the case id sort
        db["case_results"].create_index([column])
    db.execute(RESULTS_VIEW_SQL)


def _v7_no_patient_index_on_results(db: Database) -> None:
    # The search for a patient id goes through cases' own index (kept by the importer, never
    # rebuilt); this copy cost every full recompute 0.45-0.7 s to rebuild (1M cases).
    name = "idx_case_results_patient_id"
    for each in (name, twin_index_name(name)):
        db.execute(f'DROP INDEX IF EXISTS "{each}"')


def _v8_result_counts(db: Database) -> None:
    # The number of results per period, kept by the recompute in the transaction that writes them:
    # the queue's count with no filter but the period (opening the desk, clearing the filters,
    # choosing all periods) reads it instead of counting a million index entries.
    db.execute("""CREATE TABLE "result_counts" ("period" TEXT PRIMARY KEY, "cases" INTEGER NOT NULL)""")
    db.execute("INSERT INTO result_counts SELECT period, COUNT(*) FROM case_results GROUP BY period")


def _v9_no_queue_index(db: Database) -> None:
    # Since migration 6 a result row is ~100 bytes, only a fifth wider than the queue index's
    # ~80-byte entries, so the index no longer saves the queue much reading, while every full
    # recompute sorted a million entries into it (1.1-1.3 s of a 1M rewrite, 80 MB more to
    # write). The queue reads the table instead: a period is the range of ids its batches
    # recorded (store.case_ranges.period_term), all periods two halves of the ids read side by
    # side (services.queue.split_point). Measured with bench/ui.py: the same times.
    for each in (QUEUE_INDEX, twin_index_name(QUEUE_INDEX)):
        db.execute(f'DROP INDEX IF EXISTS "{each}"')


def _v10_result_counts_by_hospital_and_flags(db: Database) -> None:
    # The number of results per (period, hospital, flag set), kept by the recompute in the
    # transaction that writes them: a queue filter of at most the period, hospitals and flags (over
    # all periods, the moves that scan the most) is counted from a few thousand rows instead of a
    # scan of the table. It replaces migration 8's counts per period, which are its sums.
    db.execute("""CREATE TABLE "result_counts_detail" ("period" TEXT NOT NULL, "hospital_code" TEXT NOT NULL,
                  "flags" INTEGER NOT NULL, "cases" INTEGER NOT NULL,
                  PRIMARY KEY ("period", "hospital_code", "flags")) WITHOUT ROWID""")
    db.execute("INSERT INTO result_counts_detail SELECT period, COALESCE(hospital_code, ''), COALESCE(flags, 0),"
               " COUNT(*) FROM case_results GROUP BY 1, 2, 3")
    db.execute('DROP TABLE "result_counts"')


def _v11_case_key_index_case_id_first(db: Database) -> None:
    # The unique key of a case, (hospital_code, case_id), indexed case id first. Building it is
    # the importer's largest step after its rows (an import into an empty table builds it once at
    # the end): with the hospital code first, nearly every comparison of the sort ties on it (a
    # region has a few hundred hospitals) and SQLite leaves its fast comparison of a record's first
    # field for the general one. A million cases: 0.8 s instead of 2.0-2.2 s. The importer's look-up
    # of cases imported before gives both columns, which either order serves; nothing looks cases up
    # by hospital code alone through it (queue.filter_choices reads names in one pass instead).
    db.execute('DROP INDEX IF EXISTS "idx_cases_hospital_code_case_id"')
    db.execute('CREATE UNIQUE INDEX "idx_cases_case_id_hospital_code" ON "cases" ("case_id", "hospital_code")')


MIGRATIONS: list[Migration] = [
    (1, "foundation: batches, cases, quarantine, reference data, rules, results, audit log",
     _v1_foundation),
    (2, "review queue: one narrow covering index for filters and counts; id indexes for search", _v2_queue_indexes),
    (3, "review queue: drop the per-column indexes of a development draft", _v3_drop_draft_queue_indexes),
    (4, "batches record the id range of their cases (a period is read by those ranges, not an index);"
        " the hospitals and DRGs present per period",
     _v4_batch_case_ranges),
    (5, "review queue: the queue index also holds discharge date, points and payment (sorts over all periods)",
     _v5_queue_index_sorts),
    (6, "results: what many cases share (benchmark, thresholds, flags) is one row of result_variants;"
        " case_results keeps the per-case values and what the queue filters and sorts on",
     _v6_result_variants),
    (7, "results: no index of their own on the patient id (the search uses the one on cases)",
     _v7_no_patient_index_on_results),
    (8, "results: their number per period, kept beside them (the queue's unfiltered count)", _v8_result_counts),
    (9, "results: no queue index (a period is read as its id range of the table)", _v9_no_queue_index),
    (10, "results: their number per period, hospital and flag set (the queue's counts; replaces the counts"
         " per period)",
     _v10_result_counts_by_hospital_and_flags),
    (11, "cases: their unique key indexed case id first (built three times faster)", _v11_case_key_index_case_id_first),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]


def current_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: Database) -> list[int]:
    """Bring the database to SCHEMA_VERSION; returns the versions applied."""
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"database schema version {version} is newer than this program ({SCHEMA_VERSION}); "
            "use a newer version of the workstation")
    applied = []
    if "schema_migrations" not in db.table_names():
        db["schema_migrations"].create({"version": int, "name": str, "applied_at": str},
                                       pk="version")
    for number, name, step in MIGRATIONS:
        if number <= version:
            continue
        with db.atomic():
            step(db)
            db["schema_migrations"].insert(
                {"version": number, "name": name,
                 "applied_at": datetime.now(UTC).isoformat(timespec="seconds")})
            db.execute(f"PRAGMA user_version = {int(number)}")
        applied.append(number)
    return applied
