"""Writing one batch into the store: one transaction, chunk by chunk.

The batch row, its cases, its quarantine and the audit event land together or
not at all: cancel, an error or a killed process leave nothing behind.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import date

import pyarrow as pa
from sqlite_utils import Database

from workstation.domain.jobs import JobControl
from workstation.domain.messages import Text, UserError
from workstation.domain.periods import period_of_discharge
from workstation.engine.freshness import raise_case_generation
from workstation.importer import staging
from workstation.importer.prepare import PreparedChunk
from workstation.importer.rows import Layout, quarantine_record, raw_rows, reason_text
from workstation.importer.sources import Source, refuse
from workstation.importer.worker import Worker, prepared_chunks
from workstation.store import audit
from workstation.store.db import bulk_write_journal, database_file

# SQLite page cache while importing (the default is 2 MB). Measured on a million-row batch:
# 128 MiB builds the indexes and commits as fast as 256-512 MiB did (a little faster: the
# pages spill to the log while the worker is still reading) and keeps the peak memory lower.
BULK_CACHE_KIB = 128 * 1024
# From this file size on, the batch is written under a rollback journal when nothing else has the
# database open (store.db.bulk_write_journal): each page written once, not to the WAL and then
# again into the file (a million-row, 389 MB file: 5 s less). A smaller file gains little, and
# a small file that turns out to have no data rows leaves the database byte for byte as it was
# (leaving WAL mode and coming back rewrites the file header's change counter).
BULK_JOURNAL_FROM_BYTES = 16 * 2**20


def _period_literal(period: str) -> str:
    """A period as the text of an SQL string literal (normalised, e.g. 2024-03; quotes doubled all the same)."""
    return period.replace("'", "''")


def _latest_kept_discharge(prepared: PreparedChunk, keep: list[int] | None) -> int:
    """The latest discharge (a date ordinal) among the chunk's good rows that are kept (None: all)."""
    if keep is None:
        return prepared.latest_good_discharge
    discharge = prepared.columns["discharge_date"]  # ISO text, once materialised
    return date.fromisoformat(max(discharge[i] for i in keep)).toordinal()


class LateDecodeError(UserError):
    """Bytes past the sniffed sample do not decode in the detected encoding."""


class BatchWriter:
    """Streams the chunks of one file into one transaction; ``run()`` returns the counts.

    ``sha256``: the file's hash, or (a file no imported batch can match) a future of it, still
    being computed (``service._sha256_on_a_thread``), whose result is recorded at the end."""

    def __init__(self, db: Database, source: Source, layout: Layout, mapping: dict, *, result,
                 actor: str, period: str | None, profile: str | None, sha256, control: JobControl,
                 worker: Worker | None = None):
        self.db, self.source, self.layout, self.mapping = db, source, layout, mapping
        self.actor, self.period, self.profile, self.sha256, self.control = actor, period, profile, sha256, control
        self.result = result
        self.worker = worker  # started by the caller for a big file; prepared_chunks closes it
        # A worker writes the good rows into staging files when it can (importer.staging).
        self.database_path = database_file(db)  # None in memory (or inside a caller's transaction)
        self.staged = worker is not None and staging.available() and self.database_path is not None
        self.plan: staging.Plan | None = None
        self.copier: staging.Copier | None = None
        self.reasons: Counter[str] = Counter()
        self.seen: dict[tuple[str, str], int] = {}  # (hospital_code, case_id) -> first source row
        self.latest_discharge = 0  # date ordinal, over imported rows
        self.latest_any = 0  # date ordinal, over every row with a readable discharge date
        self.stored_period: str | None = None  # the period written to the cases so far
        fields = [c.field for c in layout.columns if c.field.key != "los"]
        self.case_keys = [f.key for f in fields]
        columns = [f.column for f in fields] + ["los"]
        # The batch id and period are the same for every row: written into the statement (made
        # once the batch row exists), they are not bound a million times each.
        self.insert_columns = f"INSERT INTO cases (batch_id, period, source_row, {', '.join(columns)}, extra)"
        self.row_marks = ", ".join("?" * (len(columns) + 2))

    def run(self):
        if self.source.size < BULK_JOURNAL_FROM_BYTES:
            return self._run()
        with bulk_write_journal(self.db):
            return self._run()

    def _run(self):
        conn = self.db.conn
        foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
        if self.staged:
            # Staged rows are copied record by record only when no key is checked row by row
            # (SQLite's transfer optimisation); they name the batch row this transaction writes.
            conn.execute("PRAGMA foreign_keys = OFF")
        # Raw sqlite3 and an explicit transaction: sqlite-utils' insert commits on its own,
        # and a million rows need executemany over plain tuples (or staging files) to be fast.
        try:
            self._begin_or_wait(conn)
        except sqlite3.OperationalError as exc:  # another writer held the lock past busy_timeout
            conn.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
            raise UserError("数据库正被另一项操作写入（例如另一个导入或重算），请稍后再导入；本次未导入任何数据。",
                            "the database is busy with another change (another import or a recompute); "
                            "import again in a moment. Nothing was imported.") from exc
        self.cache_size = conn.execute("PRAGMA cache_size").fetchone()[0]
        try:
            self.had_cases = conn.execute("SELECT EXISTS (SELECT 1 FROM cases)").fetchone()[0] == 1
            # The only writer (BEGIN IMMEDIATE) appends the batch's cases after the highest id:
            # they are one unbroken run of ids, recorded with the batch (see migration 4).
            self.first_case_pk = conn.execute("SELECT IFNULL(MAX(id), 0) + 1 FROM cases").fetchone()[0]
            self._prepare_bulk_load()
            self.batch_id = conn.execute(
                "INSERT INTO batches (file_name, file_sha256, file_size, file_format, encoding, delimiter,"
                " profile, column_map, period, imported_at, imported_by, rows_read, rows_imported,"
                " rows_quarantined, rows_already_imported) VALUES (?,?,?,?,?,?,?,?,?,?,?,0,0,0,0)",
                # The hash of a file no batch can share (a future) is filled in at the end.
                (self.source.path.name, self.sha256 if isinstance(self.sha256, str) else "", self.source.size,
                 self.source.format,
                 self.source.encoding, self.source.delimiter, self.profile,
                 json.dumps(self.mapping, ensure_ascii=False), self.period or "", audit.now_iso(),
                 self.actor)).lastrowid
            # Big files are read and checked in a worker process (worker.py) while this one
            # inserts: a second thread was measured slower, as both halves hold the GIL.
            chunks = self._chunks()
            try:
                for prepared in chunks:
                    self.control.check()
                    if isinstance(prepared, staging.StagedFile):
                        assert self.copier is not None, "a staged file comes only after the staging plan"
                        self.copier.copy(prepared.index)
                        continue
                    self._write(prepared)
                    self.control.progress(prepared.bytes_done / max(self.source.size, 1),
                                          str(Text("{n} 行", "{n} rows").format(n=self.result.rows_read)))
            finally:
                chunks.close()  # now, not when garbage is collected: a cancel ends the worker at once
            self._finish()
            for sql in self.dropped_indexes:
                self.control.check()
                conn.execute(sql)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            if self.copier is not None:
                self.copier.close()
            conn.execute(f"PRAGMA cache_size = {self.cache_size}")
            conn.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
        self.result.batch_id = self.batch_id
        self.control.progress(1.0, str(Text("完成", "done")))
        return self.result

    def _begin_or_wait(self, conn: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE; while another program writes, say so and wait its turn (busy_timeout)."""
        timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
        self.control.progress(0.0, str(Text("另一项导入或计算正在写入数据库：等待其完成…",
                                            "another import or computation is writing the database: waiting…")))
        conn.execute("BEGIN IMMEDIATE")

    def _prepare_bulk_load(self) -> None:
        """Speed for big batches; the schema is the same when the transaction ends."""
        conn = self.db.conn
        conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        # CREATE INDEX may sort with a helper thread (SQLite's default is none).
        conn.execute("PRAGMA threads = 2")
        self.dropped_indexes: list[str] = []
        if not self.had_cases:
            # Into an empty table, building the indexes once at the end (a sort) is faster than
            # updating them row by row. Dropped and rebuilt inside this transaction, so no other
            # connection ever sees the table without them.
            for name, sql in conn.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases'"
                    " AND sql IS NOT NULL").fetchall():
                conn.execute(f'DROP INDEX "{name}"')
                self.dropped_indexes.append(sql)

    def _staging_plan(self) -> staging.Plan:
        conn = self.db.conn
        assert self.database_path is not None, "staging is planned only for a database file (self.staged)"
        cases_sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'cases'").fetchone()[0]
        assert self.batch_id is not None, "the batch row is written before the staging plan"
        self.plan = staging.Plan(
            staging.new_folder(self.database_path), staging.staging_table_sql(cases_sql), self.first_case_pk,
            self.batch_id, self.period, self.source.size,
            # Into a store holding cases, the writer looks for the cases imported before.
            ("hospital_code", "case_id", "discharge_date") if self.had_cases else ())
        # Into an empty table the rows keep the ids the worker gave them: copied as they are.
        self.copier = staging.Copier(conn, self.plan, keep_ids=not self.had_cases)
        return self.plan

    def _chunks(self):
        try:
            # Into an empty store a case can only repeat one earlier in the file: that is
            # checked while preparing (in the worker), so no raw text needs to come back.
            yield from prepared_chunks(self.source, self.layout, self.case_keys, self.control,
                                       drop_repeats=not self.had_cases, worker=self.worker,
                                       plan=self._staging_plan() if self.staged else None)
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            detail = str(exc).splitlines()[0][:200]
            late = refuse(self.source.path, f"读取到中途时文件内容无法按 {self.source.encoding} 解码或解析（{detail}）。"
                                           "请确认编码（可用 --encoding 指定）并重新导出文件；本次未导入任何数据。",
                         f"part of the file cannot be decoded as {self.source.encoding} or parsed ({detail}). "
                         "Check the encoding (give it with --encoding) and export the file again; nothing "
                         "was imported.")
            raise LateDecodeError(late.text.zh, late.text.en) from exc

    def _write(self, prepared: PreparedChunk) -> None:
        prepared.materialise()
        self.result.rows_read += prepared.rows_read
        self.latest_any = max(self.latest_any, prepared.latest_any_discharge)
        problems = list(prepared.problems)
        if len(prepared.good):
            keep = None
            if self.had_cases:
                keep, duplicates = self._unique_cases(prepared)
                problems += duplicates
            self._insert(prepared, keep)
        if problems:
            self.result.rows_quarantined += len(problems)
            self.reasons.update(p["reason_code"] for p in problems)
            self.db.conn.executemany(
                "INSERT INTO quarantine (batch_id, source_row, reason_code, column, reason, reason_en, raw)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(self.batch_id, p["source_row"], p["reason_code"], p["column"], p["reason"],
                  p["reason_en"], p["raw"]) for p in problems])

    def _unique_cases(self, prepared: PreparedChunk) -> tuple[list[int] | None, list[dict]]:
        """Rows to keep (None = all) after dropping cases seen earlier in the file or in the store."""
        hospital, case_id = prepared.columns["hospital_code"], prepared.columns["case_id"]
        good_rows = prepared.source_rows[prepared.good].tolist()
        earlier_batch = self._imported_before(hospital, case_id) if self.had_cases else {}
        seen = self.seen
        keys = list(zip(hospital, case_id))
        if not earlier_batch and seen.keys().isdisjoint(keys) and len(set(keys)) == len(keys):
            seen.update(zip(keys, good_rows))
            return None, []  # the common case: every case is new
        keep, problems = [], []
        for i, key in enumerate(keys):
            if key in seen or i in earlier_batch:
                problems.append(i)
            else:
                seen[key] = good_rows[i]
                keep.append(i)
        raws = raw_rows(prepared.table, prepared.good[problems], self.layout.headers)
        header = self.layout.by_key["case_id"].header
        records = []
        for i, raw in zip(problems, raws):
            label = f"{hospital[i]}/{case_id[i]}"
            if i in earlier_batch:
                code, other = "ALREADY_IMPORTED", earlier_batch[i]
                self.result.rows_already_imported += 1
            else:
                code, other = "DUPLICATE_IN_FILE", seen[keys[i]]
            zh, en = reason_text(code, good_rows[i], header, label, other)
            records.append(quarantine_record(good_rows[i], code, "case_id", zh, en, raw))
        return keep, records

    def _imported_before(self, hospital: list | tuple, case_id: list | tuple) -> dict[int, int]:
        """Row index -> the earlier batch that holds the same (hospital_code, case_id)."""
        pairs = json.dumps([[h, c] for h, c in zip(hospital, case_id)], ensure_ascii=False)
        found = self.db.conn.execute(
            "SELECT CAST(j.key AS INTEGER), c.batch_id FROM json_each(?) j JOIN cases c"
            " ON c.hospital_code = j.value ->> 0 AND c.case_id = j.value ->> 1 WHERE c.batch_id <> ?",
            (pairs, self.batch_id)).fetchall()
        return dict(found)

    def _insert(self, prepared: PreparedChunk, keep: list[int] | None) -> None:
        if prepared.staged is not None:
            self._count_staged(prepared, keep)
            return
        columns = [prepared.columns[key] for key in self.case_keys] + [prepared.los, prepared.extra]
        rows = prepared.source_rows[prepared.good]
        if keep is not None:
            if not keep:
                return
            columns = [[column[i] for i in keep] for column in columns]
            rows = rows[keep]
        self.latest_discharge = max(self.latest_discharge, _latest_kept_discharge(prepared, keep))
        if self.stored_period is None:
            # The batch's period is the month of its latest discharge, known only at the end:
            # cases are written with the month seen so far and corrected once if a later month comes.
            self.stored_period = self.period or period_of_discharge(date.fromordinal(self.latest_discharge))
        n = len(rows)
        assert self.batch_id is not None, "the batch row is written before its cases"
        # Both are ours (an integer id, a normalised 'YYYY-MM' period): safe as SQL literals.
        sql = (f"{self.insert_columns} VALUES ({int(self.batch_id)}, '{_period_literal(self.stored_period)}',"
               f" {self.row_marks})")
        self.db.conn.executemany(sql, zip(rows.tolist(), *columns))
        self.result.rows_imported += n

    def _count_staged(self, prepared: PreparedChunk, keep: list[int] | None) -> None:
        """A chunk the worker staged: the cases found imported before are left out of the copy."""
        assert prepared.staged is not None and self.copier is not None, "called for a staged chunk only"
        index, first_id, n, period = prepared.staged
        if keep is not None:
            kept = set(keep)
            self.copier.skip(index, [first_id + i for i in range(n) if i not in kept])
            if not keep:
                return
            n = len(keep)
        self.latest_discharge = max(self.latest_discharge, _latest_kept_discharge(prepared, keep))
        self.stored_period = period  # the worker's: the month of the latest discharge in its first chunk
        self.result.rows_imported += n

    def _finish(self) -> None:
        r = self.result
        if r.rows_read == 0:
            raise refuse(self.source.path, f"表头（第 {self.source.header_row} 行）下面没有任何数据行。",
                         f"there are no data rows below the header (row {self.source.header_row}).")
        if self.period is None:
            latest = self.latest_discharge or self.latest_any
            if not latest:
                raise UserError("所有行的出院日期都无法识别，无法确定结算期。请用 --period 指定结算期后重新导入；本次未导入任何数据。",
                                "no row has a readable discharge date, so the period cannot be told. "
                                "Give it with --period and import again; nothing was imported.")
            self.period = period_of_discharge(date.fromordinal(latest))
        first = self.first_case_pk  # the batch's id range; empty (last = first - 1) without cases
        last = self.db.conn.execute("SELECT MAX(id) FROM cases").fetchone()[0] if r.rows_imported else first - 1
        if self.stored_period is not None and self.stored_period != self.period:
            self.db.conn.execute("UPDATE cases SET period = ? WHERE id BETWEEN ? AND ? AND batch_id = ?",
                                 (self.period, first, last, self.batch_id))
        r.period = self.period
        r.reasons = dict(sorted(self.reasons.items()))
        if not isinstance(self.sha256, str):
            self.sha256 = self.sha256.result()
        self.db.conn.execute(
            "UPDATE batches SET period = ?, rows_read = ?, rows_imported = ?, rows_quarantined = ?,"
            " rows_already_imported = ?, first_case_pk = ?, last_case_pk = ?, file_sha256 = ? WHERE id = ?",
            (r.period, r.rows_read, r.rows_imported, r.rows_quarantined, r.rows_already_imported,
             first, last, self.sha256, self.batch_id))
        if r.rows_imported:  # the period's results are stale until its recompute commits
            raise_case_generation(self.db, r.period)
        audit.record(self.db, actor=self.actor, action="batch.import", entity="batch",
                     entity_id=self.batch_id,
                     after={"file_name": r.file_name, "file_sha256": self.sha256, "period": r.period,
                            "encoding": r.encoding, "rows_read": r.rows_read,
                            "rows_imported": r.rows_imported, "rows_quarantined": r.rows_quarantined,
                            "rows_already_imported": r.rows_already_imported, "reasons": r.reasons}
                     | ({"sheet": r.sheet} if r.sheet else {}))
