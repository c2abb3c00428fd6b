"""Opening a source file: format, encoding, delimiter, header row, then chunks of raw text.

Everything that can refuse a file as a whole (empty, binary, undecodable, not a
table) happens in ``open_source`` before the caller writes anything. Chunks are
pyarrow string tables: pyarrow's CSV reader streams a file of a million rows in
about a second with bounded memory, which pandas' chunked reader does not.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from workstation.domain.messages import Text, UserError
from workstation.importer.values import cell_text

SAMPLE_BYTES = 1 << 20
HEADER_SEARCH_ROWS = 10
DELIMITERS = (",", "\t", ";", "|")
XLSX_CHUNK_ROWS = 50_000
# Bytes of CSV text per chunk (pyarrow's block). A Source carries it, so that a worker process
# reading the file uses the same (tests make it small to get many chunks from a small file).
CSV_BLOCK_BYTES = 8 << 20
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x1f\x8b",
                 b"Rar!", b"7z\xbc\xaf", b"MZ", b"SQLite format 3")


@dataclass
class InvalidRow:
    """A CSV record whose number of fields differs from the header's."""
    source_row: int
    text: str
    fields: int


@dataclass
class Chunk:
    table: pa.Table  # one string column per source column, named by position
    source_rows: np.ndarray  # the row number a spreadsheet shows, per row
    invalid: list[InvalidRow] = field(default_factory=list)
    bytes_done: int = 0


@dataclass
class Source:
    path: Path
    format: str  # csv | xlsx
    encoding: str | None
    delimiter: str | None
    header_row: int  # 1-based row of the header, as a spreadsheet shows it
    headers: list[str]  # unique display names of the source columns
    sample_rows: list[list[str]]  # first data rows (for previews)
    size: int
    sheet: int = 0  # xlsx: the worksheet holding the table
    sheet_names: list[str] = field(default_factory=list)  # xlsx: every worksheet, in the book's order
    block_bytes: int = field(default_factory=lambda: CSV_BLOCK_BYTES)

    @property
    def sheet_name(self) -> str | None:
        return self.sheet_names[self.sheet] if self.sheet_names else None

    @property
    def other_sheets(self) -> list[str]:
        return [name for i, name in enumerate(self.sheet_names) if i != self.sheet]

    def chunks(self) -> Iterator[Chunk]:
        return _csv_chunks(self) if self.format == "csv" else _xlsx_chunks(self)


def refuse(path: Path, zh: str, en: str) -> UserError:
    return UserError(f"无法导入文件“{path.name}”：{zh}", f"Cannot import \"{path.name}\": {en}")


def unique_headers(cells: list[str]) -> list[str]:
    """Headers as shown to the user: blanks named by position, repeats numbered."""
    seen: dict[str, int] = {}
    result = []
    for position, cell in enumerate(cells, start=1):
        name = str(cell).strip().lstrip("\ufeff") or f"列{position}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        result.append(name)
    return result


def open_source(path: str | os.PathLike, *, encoding: str | None,
                header_score: Callable[[list[str]], int], sheet: str | None = None) -> Source:
    """Sniff the file. ``header_score`` counts the known headers in a candidate row; ``sheet``
    names the worksheet of a workbook to read (else the one whose headers are best known)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(SAMPLE_BYTES)
    except OSError as exc:
        raise refuse(path, f"文件无法打开（{exc.strerror}）。请检查路径和权限。",
                     f"the file cannot be opened ({exc.strerror}). Check the path and permissions.") from exc
    if not head.strip():
        raise refuse(path, "文件是空的。请重新从系统导出结算清单。",
                     "the file is empty. Export the settlement list again.")
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, size, header_score, sheet)
    if head.startswith(_BINARY_MAGIC) or (b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise refuse(path, "这不是文本表格或 xlsx 文件（看起来是二进制文件）。请导出为 CSV、TXT 或 XLSX。",
                     "this is not a text table or an .xlsx file (it looks binary). Export it as CSV, TXT or XLSX.")
    encoding = _detect_encoding(path, head, encoding)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=size <= SAMPLE_BYTES)
    if sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\r\n") > 20:
        raise refuse(path, "文件含有大量控制字符，不是文本表格。请导出为 CSV、TXT 或 XLSX。",
                     "the file is full of control characters, not a text table. Export it as CSV, TXT or XLSX.")
    best = None
    for delimiter in DELIMITERS:
        rows = list(_first_rows(text, delimiter, HEADER_SEARCH_ROWS + 21))
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            score = header_score(row) if len(row) > 1 else 0
            if score and (best is None or score > best[0]):
                best = (score, delimiter, index, rows)
    if best is None:
        raise refuse(path, "在前 10 行中找不到任何已知表头（如“就诊ID”“医疗总费用”），这不像一份结算清单。"
                           "请检查文件，或用 --map “源表头=字段” 或导入方案指定列的对应关系。",
                     "none of the first 10 rows holds known headers (such as 就诊ID / case_id, 医疗总费用 / "
                     "total_cost); this does not look like a settlement list. Check the file, or map the "
                     "headers with --map \"source header=field\" or a saved profile.")
    _score, delimiter, index, rows = best
    headers = unique_headers(rows[index])
    sample = [_fit(r, len(headers)) for r in rows[index + 1:] if any(c.strip() for c in r)][:20]
    return Source(path, "csv", encoding, delimiter, index + 1, headers, sample, size)


def _detect_encoding(path: Path, head: bytes, requested: str | None) -> str:
    if requested:
        try:
            return codecs.lookup(requested).name
        except LookupError as exc:
            raise refuse(path, f"不认识编码“{requested}”。常用的有 utf-8、gb18030。",
                         f"unknown encoding \"{requested}\". Common ones are utf-8 and gb18030.") from exc
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for candidate in ("utf-8", "gb18030"):
        try:
            # final=False: the sample may end inside a multi-byte character.
            codecs.getincrementaldecoder(candidate)().decode(head, final=False)
            return candidate
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    guess = from_bytes(head).best()
    if guess is None:
        raise refuse(path, "无法识别文件的字符编码。请另存为 UTF-8 或 GB18030 编码的 CSV，或用 --encoding 指定。",
                     "the character encoding cannot be recognised. Save it as UTF-8 or GB18030 CSV, "
                     "or give it with --encoding.")
    return codecs.lookup(guess.encoding).name


def _first_rows(text: str, delimiter: str, limit: int) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader):
            if number >= limit:
                return
            yield row
    except csv.Error:
        return


def _fit(row: list[str], width: int) -> list[str]:
    return (list(row) + [""] * width)[:width]


def _csv_chunks(source: Source) -> Iterator[Chunk]:
    with _quiet_invalid_row_errors():
        yield from _csv_reader_chunks(source)


def _csv_reader_chunks(source: Source) -> Iterator[Chunk]:
    names = [f"c{i}" for i in range(len(source.headers))]
    invalid: list[InvalidRow] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        invalid.append(InvalidRow(row.number, row.text, row.actual_columns))
        return "skip"

    # utf-8-sig reads natively too: the BOM sits in the header row, which is skipped.
    native = source.encoding in ("utf-8", "utf-8-sig")
    handle = open(source.path, "rb")  # ours, so that tell() can report progress
    reader = pacsv.open_csv(
        handle,
        read_options=pacsv.ReadOptions(
            # One thread: it is faster here, and only then does pyarrow number invalid rows.
            use_threads=False, block_size=source.block_bytes, skip_rows=source.header_row,
            column_names=names, encoding="utf8" if native else source.encoding),
        parse_options=pacsv.ParseOptions(
            delimiter=source.delimiter, newlines_in_values=True, ignore_empty_lines=False,
            invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in names}, strings_can_be_null=False,
            quoted_strings_can_be_null=False))
    with handle:
        yield from _numbered(reader, invalid, names, source.header_row + 1, handle, source.size, source.path,
                             source.delimiter)


@contextlib.contextmanager
def _quiet_invalid_row_errors():
    """pyarrow reports a failure inside its invalid-row callback (a row it cannot even decode)
    through Python's "unraisable" hook, i.e. as a traceback on stderr, and then fails the read
    itself, which we turn into a clear refusal. Keep that traceback away from the user."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda _info: None
    try:
        yield
    finally:
        sys.unraisablehook = previous


# A record spanning more lines than this is a stray quote, not a cell with a line break or two.
MAX_LINES_PER_ROW = 5


class _Lines:
    """Where each record starts in the file, as a text editor counts lines: its record number
    plus the line breaks inside the quoted cells of the records before it (kept only for the
    few records that have any)."""

    def __init__(self) -> None:
        self.breaks: list[tuple[int, int]] = []  # (record number, line breaks inside it)

    def add(self, record: int, breaks: int) -> None:
        self.breaks.append((record, breaks))

    def line_of(self, record: int) -> int:
        return record + sum(n for r, n in self.breaks if r < record)


def _line_breaks(batch: pa.RecordBatch) -> np.ndarray | None:
    """Line breaks inside each row's cells; None (the usual case) when no cell holds one. The
    test is one byte search over each column's text, done in C; only a column that has a line
    break is counted cell by cell (vectorised)."""
    counts = None
    for column in batch.columns:
        if b"\n" in _text_bytes(column):
            found = pc.count_substring(column, "\n").to_numpy(zero_copy_only=False)
            counts = found if counts is None else counts + found
    return counts


def _text_bytes(column: pa.Array) -> bytes:
    if column.buffers()[2] is None:
        return b""
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)[column.offset:column.offset + len(column) + 1]
    if not len(offsets):
        return b""
    return memoryview(column.buffers()[2])[int(offsets[0]):int(offsets[-1])].tobytes()


def _stray_quote(path: Path, line: int, span: int) -> UserError:
    return refuse(path, f"第 {line} 行有一个没有配对的英文双引号（\"），从这一行起的 {span} 行被读成了一行。"
                        "请在文件中删去这个引号，或把它写成两个（\"\"），然后重新导入；本次未导入任何数据。",
                  f"line {line} has a double quote (\") that is never closed, so the {span} lines from there "
                  "on were read as one row. Remove that quote from the file or double it (\"\"), then "
                  "import again; nothing was imported.")


def _check_lines(path: Path, delimiter: str | None, batch: pa.RecordBatch, rows: np.ndarray,
                 fresh: list[InvalidRow], lines: _Lines) -> None:
    """Refuse the file at a stray quote: a record spanning more than MAX_LINES_PER_ROW lines, or
    spanning lines with a wrong number of fields (the quote closed by another cell's quote)."""
    breaks = _line_breaks(batch)
    spanning: list[tuple[int, int, bool]] = []  # record, its line breaks, whether it swallowed rows
    if breaks is not None:
        for i in np.flatnonzero(breaks).tolist():  # the few rows with a line break in a cell
            cells = [str(cell) for cell in batch.slice(i, 1).to_pylist()[0].values()]
            spanning.append((int(rows[i]), int(breaks[i]), _holds_rows(cells, delimiter)))
    spanning += [(r.source_row, r.text.count("\n"), True) for r in fresh if "\n" in r.text]
    for record, count, swallowed in sorted(spanning):
        if count + 1 > MAX_LINES_PER_ROW or swallowed:
            raise _stray_quote(path, lines.line_of(record), count + 1)
        lines.add(record, count)


def _holds_rows(cells: list[str], delimiter: str | None) -> bool:
    """Whether the lines after a cell's first line break look like rows of the table (several
    delimiters each), not like the rest of a text: the cell swallowed them behind a stray quote."""
    if not delimiter:
        return False
    wanted = max(2, len(cells) // 2)
    return any(line.count(delimiter) >= wanted for cell in cells for line in cell.split("\n")[1:])


def _numbered(reader, invalid: list[InvalidRow], names: list[str], next_row: int, handle,
              size: int, path: Path, delimiter: str | None) -> Iterator[Chunk]:
    emitted = 0  # invalid rows handed out so far (pyarrow reports them in file order)
    lines = _Lines()
    for batch in reader:
        count = batch.num_rows
        skipped = {r.source_row for r in invalid[emitted:]}
        if not skipped or min(skipped) >= next_row + count:
            rows = np.arange(next_row, next_row + count, dtype=np.int64)
        else:
            # Skipped records still take a row number (what the spreadsheet shows).
            numbers: list[int] = []
            number = next_row
            while len(numbers) < count:
                if number not in skipped:
                    numbers.append(number)
                number += 1
            rows = np.array(numbers, dtype=np.int64)
        if count:
            next_row = int(rows[-1]) + 1
        fresh = [r for r in invalid[emitted:] if r.source_row < next_row]
        emitted += len(fresh)
        _check_lines(path, delimiter, batch, rows, fresh, lines)
        yield Chunk(pa.Table.from_batches([batch]), rows, fresh, handle.tell())
    if invalid[emitted:]:
        _check_lines(path, delimiter, pa.record_batch([pa.array([], pa.string())], ["c0"]), np.array([], dtype=np.int64),
                     invalid[emitted:], lines)
        yield Chunk(pa.table({n: pa.array([], pa.string()) for n in names}),
                    np.array([], dtype=np.int64), invalid[emitted:], size)


def _open_xlsx(path: Path, size: int, header_score: Callable[[list[str]], int], wanted: str | None) -> Source:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise refuse(path, "文件不是有效的 xlsx 工作簿（可能已损坏或是其他压缩文件）。请用 Excel/WPS 另存为 xlsx 或 CSV。",
                     "the file is not a valid .xlsx workbook (damaged, or another kind of zip). "
                     "Save it again as .xlsx or CSV from Excel/WPS.") from exc
    try:
        names = [sheet.title for sheet in book.worksheets]
        if wanted is not None and wanted not in names:
            listed = Text("、", ", ").join(names)
            raise refuse(path, f"工作簿中没有名为“{wanted}”的工作表（有：{listed.zh}）。请用 --sheet 指定其中之一。",
                         f"the workbook has no sheet named \"{wanted}\" (it has: {', '.join(names)}). "
                         "Name one of them with --sheet.")
        best = None
        for sheet_index, sheet in enumerate(book.worksheets):
            if wanted is not None and sheet.title != wanted:
                continue
            rows = [[cell_text(v) for v in row]
                    for row in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS + 21, values_only=True)]
            for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
                score = header_score(row)
                if score and (best is None or score > best[0]):
                    best = (score, sheet_index, index, rows)
    finally:
        book.close()
    if best is None and wanted is not None:
        raise refuse(path, f"工作表“{wanted}”前 10 行中找不到任何已知表头（如“就诊ID”“医疗总费用”）。"
                           "请换一个工作表，或用 --map 指定列的对应关系。",
                     f"the sheet \"{wanted}\" has no known headers (such as 就诊ID / case_id) in its first 10 "
                     "rows. Choose another sheet, or map the headers with --map.")
    if best is None:
        raise refuse(path, "工作簿前 10 行中找不到任何已知表头（如“就诊ID”“医疗总费用”）。请检查工作表，或用 --map 指定列的对应关系。",
                     "no sheet has known headers (such as 就诊ID / case_id) in its first 10 rows. "
                     "Check the sheet, or map the headers with --map.")
    _score, sheet_index, index, rows = best
    headers = unique_headers(rows[index])
    sample = [_fit(r, len(headers)) for r in rows[index + 1:] if any(c.strip() for c in r)][:20]
    return Source(path, "xlsx", None, None, index + 1, headers, sample, size, sheet_index, names)


def _xlsx_chunks(source: Source) -> Iterator[Chunk]:
    import openpyxl

    width = len(source.headers)
    names = [f"c{i}" for i in range(width)]
    book = openpyxl.load_workbook(source.path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[source.sheet]
        buffer: list[list[str]] = []
        numbers: list[int] = []
        row_number = source.header_row
        for row in sheet.iter_rows(min_row=source.header_row + 1, values_only=True):
            row_number += 1
            buffer.append(_fit([cell_text(v) for v in row], width))
            numbers.append(row_number)
            if len(buffer) >= XLSX_CHUNK_ROWS:
                yield _xlsx_chunk(names, buffer, numbers)
                buffer, numbers = [], []
        if buffer:
            yield _xlsx_chunk(names, buffer, numbers)
    finally:
        book.close()


def _xlsx_chunk(names: list[str], rows: list[list[str]], numbers: list[int]) -> Chunk:
    columns = {name: pa.array([r[i] for r in rows], pa.string()) for i, name in enumerate(names)}
    return Chunk(pa.table(columns), np.array(numbers, dtype=np.int64))
