"""Importing a settlement batch (结算清单批次) into the store, and previewing a file.

One import is one SQLite transaction: the batch row, its cases, its quarantine
and the audit event land together or not at all (cancel, error or a killed
process leave nothing behind). Every check that can refuse the whole file runs
before the transaction starts.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
from sqlite_utils import Database

from workstation.domain.fields import FIELDS_BY_KEY
from workstation.domain.jobs import NO_CONTROL, Cancelled, JobControl
from workstation.domain.messages import UserError, language
from workstation.domain.periods import PeriodError, normalise_period, period_of_discharge
from workstation.importer import mapping as M
from workstation.importer.rows import Column, Layout, check_chunk, extra_json, length_of_stay, \
    quarantine_record, raw_rows, reason_text, stored_values
from workstation.importer.sources import Source, open_source, refuse
from workstation.store import audit

PREVIEW_ROWS = 20
BULK_CACHE_KIB = 256 * 1024  # SQLite page cache while importing (the default is 2 MB)


@dataclass
class ImportResult:
    batch_id: int | None
    file_name: str
    period: str | None
    encoding: str | None
    rows_read: int = 0
    rows_imported: int = 0
    rows_quarantined: int = 0
    rows_already_imported: int = 0
    already_imported_batch: int | None = None
    reasons: dict[str, int] = field(default_factory=dict)

    def summary(self, lang: str | None = None) -> str:
        en = (lang or language()) == "en"
        if self.already_imported_batch is not None:
            return (f"\"{self.file_name}\" was already imported as batch #{self.already_imported_batch} "
                    "(same file content); nothing was imported again." if en else
                    f"文件“{self.file_name}”已作为批次 #{self.already_imported_batch} 导入过（文件内容相同），"
                    "本次未重复导入。")
        if en:
            text = (f"\"{self.file_name}\" (encoding {self.encoding or 'xlsx'}): rows read {self.rows_read}"
                    f" = imported {self.rows_imported} + quarantined {self.rows_quarantined}")
            if self.rows_already_imported:
                text += f" ({self.rows_already_imported} of them already imported earlier)"
            return text + f"; batch #{self.batch_id}, period {self.period}."
        text = (f"文件“{self.file_name}”（编码 {self.encoding or 'xlsx'}）：读取 {self.rows_read} 行"
                f" = 导入 {self.rows_imported} 行 + 隔离 {self.rows_quarantined} 行")
        if self.rows_already_imported:
            text += f"（其中 {self.rows_already_imported} 行此前已导入）"
        return text + f"；批次 #{self.batch_id}，结算期 {self.period}。"


@dataclass
class SourcePreview:
    """What the import dialog shows (and lets the user correct) before importing."""
    path: str
    format: str
    encoding: str | None
    delimiter: str | None
    header_row: int
    headers: list[str]
    mapping: dict[str, str | None]
    missing_required: list[str]
    rows: list[list[str]]


def _effective_map(db: Database | None, profile: str | None, column_map: M.ColumnMap | None) -> M.ColumnMap:
    overrides: M.ColumnMap = {}
    if profile:
        if db is None:
            raise UserError("使用导入方案需要数据库。", "Using an import profile needs the database.")
        overrides.update(M.load_profile(db, profile))
    overrides.update({str(k).strip(): M.target_key(v) for k, v in (column_map or {}).items()})
    return overrides


def _open(path, encoding, overrides: M.ColumnMap) -> tuple[Source, M.ColumnMap]:
    source = open_source(path, encoding=encoding, header_score=lambda row: M.header_score(row, overrides))
    return source, M.resolve_mapping(source.headers, overrides)


def inspect_file(path: str | os.PathLike, *, encoding: str | None = None,
                 column_map: M.ColumnMap | None = None, profile: str | None = None,
                 db: Database | None = None) -> SourcePreview:
    source, mapping = _open(path, encoding, _effective_map(db, profile, column_map))
    return SourcePreview(str(source.path), source.format, source.encoding, source.delimiter,
                         source.header_row, source.headers, mapping, M.missing_required(mapping),
                         source.sample_rows[:PREVIEW_ROWS])


def _layout(source: Source, mapping: M.ColumnMap) -> Layout:
    columns, extra = [], []
    for position, header in enumerate(source.headers):
        key = mapping.get(header)
        if key:
            columns.append(Column(position, header, FIELDS_BY_KEY[key]))
        else:
            extra.append(position)
    return Layout(source.headers, columns, extra)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(4 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_batch(db: Database, path: str | os.PathLike, *, actor: str, period: str | None = None,
                 profile: str | None = None, column_map: M.ColumnMap | None = None,
                 encoding: str | None = None, control: JobControl = NO_CONTROL) -> ImportResult:
    """Import one settlement batch file; refuses it whole (UserError) when it cannot be read."""
    path = Path(path)
    if period is not None:
        try:
            period = normalise_period(period)
        except PeriodError as exc:
            raise UserError(f"结算期“{period}”格式不对，应为 2024-03、2024Q1、2024H1 或 2024。",
                            f"the period \"{period}\" is not valid: use 2024-03, 2024Q1, 2024H1 or 2024.") from exc
    source, mapping = _open(path, encoding, _effective_map(db, profile, column_map))
    missing = M.missing_required(mapping)
    if missing:
        zh, en = M.describe_missing(missing)
        raise refuse(path, f"缺少必需的列 {zh}（表头在第 {source.header_row} 行）。请在文件中补上这些列，"
                           "或用 --map “源表头=字段” / 导入方案说明哪一列是它们。",
                     f"required columns are missing: {en} (header in row {source.header_row}). Add them "
                     "to the file, or say which columns hold them with --map \"source header=field\" "
                     "or a saved profile.")
    sha256 = _sha256(path)
    earlier = db.execute("SELECT id FROM batches WHERE file_sha256 = ? ORDER BY id LIMIT 1", [sha256]).fetchone()
    if earlier:
        return ImportResult(None, path.name, None, source.encoding, already_imported_batch=earlier[0])
    writer = _BatchWriter(db, source, _layout(source, mapping), mapping, actor=actor, period=period,
                          profile=profile, sha256=sha256, control=control)
    return writer.run()


class _BatchWriter:
    """Streams the chunks of one file into one transaction."""

    def __init__(self, db: Database, source: Source, layout: Layout, mapping: M.ColumnMap, *,
                 actor: str, period: str | None, profile: str | None, sha256: str, control: JobControl):
        self.db, self.source, self.layout, self.mapping = db, source, layout, mapping
        self.actor, self.period, self.profile, self.sha256, self.control = actor, period, profile, sha256, control
        self.result = ImportResult(None, source.path.name, period, source.encoding)
        self.reasons: Counter[str] = Counter()
        self.seen: dict[str, int] = {}  # hospital_code \x1f case_id -> first source row in this file
        self.latest_discharge = 0  # ordinal, over imported rows
        self.latest_any = 0  # ordinal, over every row with a readable discharge date
        self.stored_period: str | None = None  # the period written to the cases so far
        keys = [c.field for c in layout.columns]
        self.case_columns = [f.column for f in keys if f.key != "los"] + ["los"]
        self.case_keys = [f.key for f in keys if f.key != "los"]
        self.insert_sql = (f"INSERT INTO cases (batch_id, period, source_row, {', '.join(self.case_columns)},"
                           f" extra) VALUES ({', '.join('?' * (len(self.case_columns) + 4))})")

    def run(self) -> ImportResult:
        conn = self.db.conn
        # Raw sqlite3 and an explicit transaction: sqlite-utils' insert commits on its own,
        # and a million rows need executemany over plain tuples to be fast.
        conn.execute("BEGIN IMMEDIATE")
        try:
            self.had_cases = conn.execute("SELECT EXISTS (SELECT 1 FROM cases)").fetchone()[0] == 1
            self._prepare_bulk_load()
            self.batch_id = conn.execute(
                "INSERT INTO batches (file_name, file_sha256, file_size, file_format, encoding, delimiter,"
                " profile, column_map, period, imported_at, imported_by, rows_read, rows_imported,"
                " rows_quarantined, rows_already_imported) VALUES (?,?,?,?,?,?,?,?,?,?,?,0,0,0,0)",
                (self.source.path.name, self.sha256, self.source.size, self.source.format,
                 self.source.encoding, self.source.delimiter, self.profile,
                 json.dumps(self.mapping, ensure_ascii=False), self.period or "", audit.now_iso(),
                 self.actor)).lastrowid
            for chunk in self._chunks():
                self.control.check()
                self._write_chunk(chunk)
                self.control.progress(chunk.bytes_done / max(self.source.size, 1),
                                      f"{self.result.rows_read} rows")
            self._finish()
            self._rebuild_indexes()
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.execute(f"PRAGMA cache_size = {self.cache_size}")
        self.result.batch_id = self.batch_id
        self.control.progress(1.0, "done")
        return self.result

    def _prepare_bulk_load(self) -> None:
        """Speed for big batches; the schema is the same when the transaction ends."""
        conn = self.db.conn
        self.cache_size = conn.execute("PRAGMA cache_size").fetchone()[0]
        # Index pages of a million-row batch must stay in memory, or each insert reads them back.
        conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        self.dropped_indexes: list[str] = []
        if not self.had_cases:
            # Into an empty table, building the indexes once at the end (a sort) is about twice
            # as fast as updating them row by row. Dropped and rebuilt inside this transaction,
            # so no other connection ever sees the table without them.
            for name, sql in conn.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases'"
                    " AND sql IS NOT NULL").fetchall():
                conn.execute(f'DROP INDEX "{name}"')
                self.dropped_indexes.append(sql)

    def _rebuild_indexes(self) -> None:
        for sql in self.dropped_indexes:
            self.control.check()
            self.db.conn.execute(sql)

    def _chunks(self):
        try:
            yield from self.source.chunks()
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            detail = str(exc).splitlines()[0][:200]
            raise refuse(self.source.path, f"读取到中途时文件内容无法按 {self.source.encoding} 解码或解析（{detail}）。"
                                           "请确认编码（可用 --encoding 指定）并重新导出文件；本次未导入任何数据。",
                         f"part of the file cannot be decoded as {self.source.encoding} or parsed ({detail}). "
                         "Check the encoding (give it with --encoding) and export the file again; nothing "
                         "was imported.") from exc

    def _write_chunk(self, chunk) -> None:
        table, rows = chunk.table, chunk.source_rows
        problems = [self._bad_row(r) for r in chunk.invalid]
        self.result.rows_read += len(chunk.invalid)
        if table.num_rows:
            blank = _blank_rows(table)
            if blank.any():  # empty lines are not rows of the batch
                keep = np.flatnonzero(~blank)
                table, rows = table.take(pa.array(keep, pa.int64())), rows[keep]
        if table.num_rows:
            self.result.rows_read += table.num_rows
            checked = check_chunk(table, rows, self.layout)
            problems += checked.problems
            good = checked.good
            discharge = checked.parsed["discharge_date"]
            if (discharge > 0).any():
                self.latest_any = max(self.latest_any, int(discharge.max()))
            hospital = stored_values(checked, good, "hospital_code")
            case_id = stored_values(checked, good, "case_id")
            keep, duplicate_problems = self._unique_cases(table, rows, good, hospital, case_id)
            problems += duplicate_problems
            if len(keep) < len(good):
                hospital = [hospital[i] for i in keep]
                case_id = [case_id[i] for i in keep]
                good = good[keep]
            if len(good):
                self._insert_cases(table, rows, checked, good, hospital, case_id)
        if problems:
            self.result.rows_quarantined += len(problems)
            self.reasons.update(p["reason_code"] for p in problems)
            self.db.conn.executemany(
                "INSERT INTO quarantine (batch_id, source_row, reason_code, column, reason, reason_en, raw)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(self.batch_id, p["source_row"], p["reason_code"], p["column"], p["reason"],
                  p["reason_en"], p["raw"]) for p in problems])

    def _bad_row(self, invalid) -> dict:
        zh, en = reason_text("BAD_ROW", invalid.source_row, None, str(invalid.fields), len(self.layout.headers))
        return quarantine_record(invalid.source_row, "BAD_ROW", None, zh, en, {"row": invalid.text})

    def _unique_cases(self, table, rows, good, hospital, case_id) -> tuple[list[int], list[dict]]:
        """Drop cases seen earlier in this file or imported in an earlier batch."""
        keep, problems = [], []
        seen = self.seen
        keys = [f"{h}\x1f{c}" for h, c in zip(hospital, case_id)]
        earlier_batch = self._imported_before(hospital, case_id) if self.had_cases else {}
        for i, key in enumerate(keys):
            if key in seen or i in earlier_batch:
                problems.append((i, key))
            else:
                seen[key] = int(rows[good[i]])
                keep.append(i)
        records = []
        if problems:
            raws = raw_rows(table, good[[i for i, _ in problems]], self.layout.headers)
            case_header = self.layout.by_key["case_id"].header
            for (i, key), raw in zip(problems, raws):
                row = int(rows[good[i]])
                label = f"{hospital[i]}/{case_id[i]}"
                if i in earlier_batch:
                    code, other = "ALREADY_IMPORTED", earlier_batch[i]
                    self.result.rows_already_imported += 1
                else:
                    code, other = "DUPLICATE_IN_FILE", seen[key]
                zh, en = reason_text(code, row, case_header, label, other)
                records.append(quarantine_record(row, code, "case_id", zh, en, raw))
        return keep, records

    def _imported_before(self, hospital: list, case_id: list) -> dict[int, int]:
        """Row index -> the earlier batch that holds the same (hospital_code, case_id)."""
        pairs = json.dumps([[h, c] for h, c in zip(hospital, case_id)], ensure_ascii=False)
        found = self.db.conn.execute(
            "SELECT CAST(j.key AS INTEGER), c.batch_id FROM json_each(?) j JOIN cases c"
            " ON c.hospital_code = j.value ->> 0 AND c.case_id = j.value ->> 1 WHERE c.batch_id <> ?",
            (pairs, self.batch_id)).fetchall()
        return dict(found)

    def _insert_cases(self, table, rows, checked, good, hospital, case_id) -> None:
        discharge = checked.parsed["discharge_date"][good]
        self.latest_discharge = max(self.latest_discharge, int(discharge.max()))
        if self.stored_period is None:
            # The batch's period is the month of its latest discharge, known only at the end:
            # cases are written with the month seen so far and corrected once if a later month comes.
            self.stored_period = self.period or period_of_discharge(date.fromordinal(self.latest_discharge))
        columns = []
        for key in self.case_keys:
            columns.append(hospital if key == "hospital_code" else case_id if key == "case_id"
                           else stored_values(checked, good, key))
        columns.append(length_of_stay(checked, good))
        n = len(good)
        values = zip(itertools.repeat(self.batch_id, n), itertools.repeat(self.stored_period, n),
                     rows[good].tolist(), *columns, extra_json(table, good, self.layout))
        self.db.conn.executemany(self.insert_sql, values)
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
        if self.stored_period is not None and self.stored_period != self.period:
            self.db.conn.execute("UPDATE cases SET period = ? WHERE batch_id = ?", (self.period, self.batch_id))
        r.period = self.period
        r.reasons = dict(sorted(self.reasons.items()))
        self.db.conn.execute(
            "UPDATE batches SET period = ?, rows_read = ?, rows_imported = ?, rows_quarantined = ?,"
            " rows_already_imported = ? WHERE id = ?",
            (r.period, r.rows_read, r.rows_imported, r.rows_quarantined, r.rows_already_imported,
             self.batch_id))
        audit.record(self.db, actor=self.actor, action="batch.import", entity="batch",
                     entity_id=self.batch_id,
                     after={"file_name": r.file_name, "file_sha256": self.sha256, "period": r.period,
                            "encoding": r.encoding, "rows_read": r.rows_read,
                            "rows_imported": r.rows_imported, "rows_quarantined": r.rows_quarantined,
                            "rows_already_imported": r.rows_already_imported, "reasons": r.reasons})


def _blank_rows(table: pa.Table) -> np.ndarray:
    from workstation.importer.values import blank_mask

    blank = np.ones(table.num_rows, dtype=bool)
    for column in table.columns:
        blank &= blank_mask(column.combine_chunks())
        if not blank.any():
            break
    return blank


# Re-exported: the GUI's import dialog and the CLI manage profiles through this module.
save_profile = M.save_profile
load_profile = M.load_profile
list_profiles = M.list_profiles
parse_map_options = M.parse_map_options
