"""Importing a settlement batch (结算清单批次) into the store, and previewing a file.

Every check that can refuse the whole file runs here, before anything is
written; the writing itself (one transaction) is ``writer.BatchWriter``.
"""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.fields import FIELDS_BY_KEY
from workstation.domain.jobs import NO_CONTROL, JobControl
from workstation.domain.messages import Text, UserError
from workstation.domain.periods import PeriodError, normalise_period
from workstation.importer import mapping as M
from workstation.importer.rows import Column, Layout
from workstation.importer.sources import Source, open_source, refuse
from workstation.importer.worker import Worker
from workstation.importer.writer import BatchWriter, LateDecodeError

PREVIEW_ROWS = 20


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
    sheet: str | None = None  # xlsx: the worksheet read
    results_pending: bool = False  # committed, but its recompute waits for another writer to finish
    other_sheets: list[str] = field(default_factory=list)  # xlsx: the worksheets not read

    def sheet_note(self) -> Text | None:
        """Which worksheet was read, when the workbook has others (they are not read)."""
        if not self.other_sheets:
            return None
        return Text("读取的是工作表“{sheet}”；工作簿中另有工作表 {others} 未读取（可用 --sheet 名称 选择）。",
                    "Read the sheet \"{sheet}\"; the workbook's other sheets {others} were not read "
                    "(choose one with --sheet NAME).").format(
            sheet=self.sheet, others=Text("、", ", ").join(f"“{name}”" for name in self.other_sheets))

    def summary(self, lang: str | None = None) -> str:
        if self.already_imported_batch is not None:
            return Text("文件“{file}”已作为批次 #{batch} 导入过（文件内容相同），本次未重复导入。",
                        "\"{file}\" was already imported as batch #{batch} (same file content); "
                        "nothing was imported again.").format(
                file=self.file_name, batch=self.already_imported_batch).pick(lang)
        text = Text("文件“{file}”（编码 {encoding}）：读取 {read} 行 = 导入 {imported} 行 + 隔离 {quarantined} 行",
                    "\"{file}\" (encoding {encoding}): rows read {read} = imported {imported} + quarantined "
                    "{quarantined}")
        if self.rows_already_imported:
            text += Text("（其中 {earlier} 行此前已导入）", " ({earlier} of them already imported earlier)")
        text += Text("；批次 #{batch}，结算期 {period}。", "; batch #{batch}, period {period}.")
        note = self.sheet_note()
        if self.results_pending:
            text += Text("另一程序正在写入数据库，本期结果稍后计算：下次运行任一命令或打开工作站时自动补算。",
                         " Another program is writing the database: this period's results will be computed "
                         "by the next command or opening of the workstation.")
        said = text.format(file=self.file_name, encoding=self.encoding or "xlsx", read=self.rows_read,
                           imported=self.rows_imported, quarantined=self.rows_quarantined,
                           earlier=self.rows_already_imported, batch=self.batch_id, period=self.period).pick(lang)
        return said if note is None else said + "\n" + note.pick(lang)


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
    sheet: str | None = None  # xlsx: the worksheet shown
    sheet_names: list[str] = field(default_factory=list)  # xlsx: every worksheet, to choose from


def _effective_map(db: Database | None, profile: str | None, column_map: M.ColumnMap | None) -> M.ColumnMap:
    overrides: M.ColumnMap = {}
    if profile:
        if db is None:
            raise UserError("使用导入方案需要数据库。", "Using an import profile needs the database.")
        overrides.update(M.load_profile(db, profile))
    overrides.update({str(k).strip(): M.target_key(v) for k, v in (column_map or {}).items()})
    return overrides


def _open(path, encoding, overrides: M.ColumnMap, sheet: str | None = None) -> tuple[Source, M.ColumnMap]:
    source = open_source(path, encoding=encoding, header_score=lambda row: M.header_score(row, overrides),
                         sheet=sheet)
    return source, M.resolve_mapping(source.headers, overrides)


def inspect_file(path: str | os.PathLike, *, encoding: str | None = None,
                 column_map: M.ColumnMap | None = None, profile: str | None = None,
                 db: Database | None = None, sheet: str | None = None) -> SourcePreview:
    source, mapping = _open(path, encoding, _effective_map(db, profile, column_map), sheet)
    return SourcePreview(str(source.path), source.format, source.encoding, source.delimiter,
                         source.header_row, source.headers, mapping, M.missing_required(mapping),
                         source.sample_rows[:PREVIEW_ROWS], source.sheet_name, list(source.sheet_names))


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


def _same_size_imported(db: Database, size: int) -> bool:
    """Whether a batch of ``size`` bytes (or of a size not recorded) was imported before."""
    return db.execute("SELECT EXISTS (SELECT 1 FROM batches WHERE file_size = ? OR file_size IS NULL)",
                      [size]).fetchone()[0] == 1


def _sha256_on_a_thread(path: Path) -> Future:
    """The file's SHA-256 as a future (hashlib works without the GIL on big blocks); its
    ``result()`` raises what hashing raised."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256")
    future = pool.submit(_sha256, path)
    pool.shutdown(wait=False)  # its one thread ends when the hashing does
    return future


def import_batch(db: Database, path: str | os.PathLike, *, actor: str, period: str | None = None,
                 profile: str | None = None, column_map: M.ColumnMap | None = None,
                 encoding: str | None = None, control: JobControl = NO_CONTROL,
                 sheet: str | None = None) -> ImportResult:
    """Import one settlement batch file; refuses it whole (UserError) when it cannot be read.
    ``sheet``: the worksheet of a workbook to read (else the one whose headers are best known)."""
    path = Path(path)
    if period is not None:
        try:
            period = normalise_period(period)
        except PeriodError as exc:
            raise UserError(f"结算期“{period}”格式不对，应为 2024-03、2024Q1、2024H1 或 2024。",
                            f"the period \"{period}\" is not valid: use 2024-03, 2024Q1, 2024H1 or 2024.") from exc
    source, mapping = _open(path, encoding, _effective_map(db, profile, column_map), sheet)
    missing = M.missing_required(mapping)
    if missing:
        zh, en = M.describe_missing(missing)
        raise refuse(path, f"缺少必需的列 {zh}（表头在第 {source.header_row} 行）。请在文件中补上这些列，"
                           "或用 --map “源表头=字段” / 导入方案说明哪一列是它们。",
                     f"required columns are missing: {en} (header in row {source.header_row}). Add them "
                     "to the file, or say which columns hold them with --map \"source header=field\" "
                     "or a saved profile.")
    # A big file's worker process starts now, so that it is ready (its imports done) once
    # the transaction has begun.
    worker = Worker.started() if Worker.wanted(source) else None
    try:
        if worker is not None and len(source.sheet_names) <= 1 and not _same_size_imported(db, source.size):
            # No batch of this size was imported, so none with this content: the file is hashed
            # (for the batch's record) while the worker reads it, not before (a 389 MB file: 0.8 s).
            sha256: str | Future = _sha256_on_a_thread(path)
        else:
            sha256 = _sha256(path)
            if len(source.sheet_names) > 1:
                # Each sheet of a workbook is a batch of its own: importing another sheet of the
                # same file is no repeat (its cases are still checked against the store's).
                sha256 = hashlib.sha256(f"{sha256}\0sheet\0{source.sheet_name}".encode()).hexdigest()
            earlier = db.execute("SELECT id FROM batches WHERE file_sha256 = ? ORDER BY id LIMIT 1",
                                 [sha256]).fetchone()
            if earlier:
                return ImportResult(None, path.name, None, source.encoding, already_imported_batch=earlier[0])
        result = ImportResult(None, path.name, period, source.encoding, sheet=source.sheet_name,
                              other_sheets=source.other_sheets)
        writer = BatchWriter(db, source, _layout(source, mapping), mapping, result=result, actor=actor,
                             period=period, profile=profile, sha256=sha256, control=control, worker=worker)
        return writer.run()
    except LateDecodeError as late:
        # UTF-8 was a guess from the first megabyte (all ASCII, say); GBK/GB18030 exports are
        # the usual other kind, so try that once before refusing. The failed try was rolled back.
        if encoding is not None or source.encoding != "utf-8":
            raise
        try:
            return import_batch(db, path, actor=actor, period=period, profile=profile,
                                column_map=column_map, encoding="gb18030", control=control, sheet=sheet)
        except UserError:
            raise late from None
    finally:
        if worker is not None:
            worker.close()


# Re-exported: the GUI's import dialog and the CLI manage profiles through this module.
save_profile = M.save_profile
load_profile = M.load_profile
list_profiles = M.list_profiles
parse_map_options = M.parse_map_options
