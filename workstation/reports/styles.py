"""One look for every printed report: fonts, sizes, paragraph and table styles, amounts, A4 pages.

The bundled CJK font (WenQuanYi Micro Hei, ``resources/fonts``) is registered once and
embedded (subset) in every PDF, so a notice prints the same on a machine without Chinese
fonts. ``cjk=False`` builds the same pages with a standard PDF font (not embedded): the
benchmark's baseline, never a report a user gets.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib import textsplit as _textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus import paragraph as _paragraph

from workstation.domain.messages import Text
from workstation.domain.money import fen_to_yuan_text

# Streams as binary (compressed) rather than ASCII85 text: a third smaller and quicker to write;
# PDF readers need no 7-bit-clean file.
rl_config.useA85 = 0

# reportlab's CJK line breaking keeps a line from starting with 、。）〕 but not with the full-width
# comma, semicolon, colon, question or exclamation mark: a printed line began "，费用显著高于…".
# Both splitters (textsplit for one-run paragraphs, paragraph for mixed runs) read a module
# global at run time, so the missing marks are added once here.
_NOT_AT_LINE_START = "\uff0c\uff1b\uff1a\uff1f\uff01\u2026\u201d\u2019\u300b"
_paragraph.ALL_CANNOT_START = _textsplit.ALL_CANNOT_START = _textsplit.ALL_CANNOT_START + _NOT_AT_LINE_START

FONT_FILE = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "wqy-microhei.ttc"
CJK_FONT = "WenQuanYiMicroHei"
PLAIN_FONT = "Helvetica"

PAGE = A4
MARGIN_LEFT = MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 24 * mm  # room for the footer (page x of y, verification code, QR)
FRAME_WIDTH = PAGE[0] - MARGIN_LEFT - MARGIN_RIGHT

TITLE_SIZE = 17
HEADING_SIZE = 12
BODY_SIZE = 10.5
TABLE_SIZE = 9
SMALL_SIZE = 8

INK = colors.black
RULE = colors.Color(0.55, 0.55, 0.55)
HEADER_FILL = colors.Color(0.90, 0.92, 0.95)
TOTAL_FILL = colors.Color(0.96, 0.96, 0.96)
SERIES_COLOURS = (colors.Color(0.20, 0.40, 0.65), colors.Color(0.85, 0.45, 0.15), colors.Color(0.35, 0.60, 0.30),
                  colors.Color(0.60, 0.30, 0.55), colors.Color(0.55, 0.55, 0.55))


@cache
def _register_cjk() -> str:
    # subfontIndex=0: the TTC's first face (Micro Hei, proportional Latin); reportlab subsets and embeds it.
    # asciiReadable=False: subsets hold only the glyphs used (not ASCII first), so a notice's few
    # hundred characters need fewer 256-glyph subsets, each of which costs a subsetting pass.
    pdfmetrics.registerFont(TTFont(CJK_FONT, str(FONT_FILE), subfontIndex=0, asciiReadable=False))
    return CJK_FONT


def font_name(cjk: bool = True) -> str:
    return _register_cjk() if cjk else PLAIN_FONT


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one report; every report takes them from ``styles()``."""
    font: str
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    small: ParagraphStyle
    right: ParagraphStyle


@cache
def styles(cjk: bool = True) -> Styles:
    font = font_name(cjk)
    # wordWrap="CJK" lets a line break between any two ideographs (Chinese has no spaces).
    base = dict(fontName=font, textColor=INK, wordWrap="CJK")
    return Styles(
        font=font,
        title=ParagraphStyle("title", fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.45, alignment=TA_CENTER,
                             spaceAfter=2 * mm, **base),
        subtitle=ParagraphStyle("subtitle", fontSize=BODY_SIZE, leading=BODY_SIZE * 1.5, alignment=TA_CENTER,
                                spaceAfter=4 * mm, **base),
        heading=ParagraphStyle("heading", fontSize=HEADING_SIZE, leading=HEADING_SIZE * 1.5, spaceBefore=3 * mm,
                               spaceAfter=1.5 * mm, **base),
        body=ParagraphStyle("body", fontSize=BODY_SIZE, leading=BODY_SIZE * 1.6, alignment=TA_LEFT,
                            spaceAfter=1.5 * mm, **base),
        cell=ParagraphStyle("cell", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.35, **base),
        cell_right=ParagraphStyle("cell_right", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.35, alignment=TA_RIGHT,
                                  **base),
        cell_head=ParagraphStyle("cell_head", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.35, alignment=TA_CENTER,
                                 **base),
        small=ParagraphStyle("small", fontSize=SMALL_SIZE, leading=SMALL_SIZE * 1.4, **base),
        right=ParagraphStyle("right", fontSize=BODY_SIZE, leading=BODY_SIZE * 1.6, alignment=TA_RIGHT, **base),
    )


# --- values as printed --------------------------------------------------------------------

def yuan(fen: int | None) -> str:
    """An amount of fen as yuan with thousands separators: ``1234560`` -> ``12,345.60``."""
    return "—" if fen is None else fen_to_yuan_text(int(fen), thousands=True)


def points_text(value: Decimal | str | None, decimals: int = 4) -> str:
    if value is None or value == "":
        return "—"
    quantum = Decimal(1).scaleb(-decimals)
    return f"{Decimal(str(value)).quantize(quantum):,}"


def count(value: int | None) -> str:
    return "—" if value is None else f"{int(value):,}"


def percent(numerator: int | float | Decimal, denominator: int | float | Decimal) -> str:
    if not denominator:
        return "—"
    return f"{Decimal(str(numerator)) * 100 / Decimal(str(denominator)):.2f}%"


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph wrapping as its language does: between any two ideographs when it holds Chinese,
    only between words when it does not (an English word is never split, a line never starts
    with a comma)."""
    value = "" if text is None else str(text)
    return Paragraph(escape(value), style if _HAS_CJK.search(value) else _latin(style))


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def long_date(iso: str | None, lang: str | None) -> str:
    """``2026-12-07`` as a letter writes it: 2026年12月7日 / 7 December 2026."""
    if not iso or len(iso) < 10:
        return iso or "—"
    year, month, day = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    return Text("{y}年{m}月{d}日", "{d} {month} {y}").format(y=year, m=month, d=day, month=_MONTHS[month - 1]).pick(lang)


def escape(text: object) -> str:
    """Plain text for a Paragraph (which reads a little markup)."""
    return str(text if text is not None else "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- tables -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """A table column: its header, width (a share of the frame, summing to 1) and whether it holds
    numbers (right-aligned so their digits line up)."""
    header: Text | str
    share: float
    numeric: bool = False


CELL_PADDING = 3


def cell(text: object, style: ParagraphStyle, width: float) -> Paragraph | str:
    """A table cell: plain text when it fits on one line of its column, else a Paragraph that wraps.
    Plain cells are drawn by the table itself, several times quicker than a Paragraph (a notice has
    about a hundred cells; 1,000 notices must print in 20 s)."""
    value = "" if text is None else str(text)
    if "\n" not in value and pdfmetrics.stringWidth(value, style.fontName, style.fontSize) <= width - 2 * CELL_PADDING:
        return value
    return Paragraph(escape(value), style if _HAS_CJK.search(value) else _latin(style))


_HAS_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


@cache
def _latin(style: ParagraphStyle) -> ParagraphStyle:
    """The style breaking between words: "CJK" wrapping would split an English word anywhere, and
    an identifier (a case id, a code) is never split mid-string either."""
    return ParagraphStyle(f"{style.name}_latin", parent=style, wordWrap=None, splitLongWords=0)


def _cell_commands(font: str) -> list[tuple[Any, ...]]:
    # Plain-string cells take their font from the table (reportlab's default would be Helvetica).
    return [("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
            ("LEADING", (0, 0), (-1, -1), TABLE_SIZE * 1.35), ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING)]


def table(columns: Sequence[Column], rows: Sequence[Sequence[object]], *, cjk: bool = True, lang: str | None = None,
          total_rows: int = 0, width: float = FRAME_WIDTH, row_height: float | None = None) -> Table:
    """A table in the reports' style. Its header row repeats on every page it runs over; long text
    wraps inside its column; numbers are right-aligned so their digits line up; the last
    ``total_rows`` rows are shaded as totals."""
    s = styles(cjk)
    widths = [c.share * width for c in columns]
    head = [cell(_breakable(c.header.pick(lang) if isinstance(c.header, Text) else c.header), s.cell_head, w)
            for c, w in zip(columns, widths)]
    body = [[cell(value, s.cell_right if column.numeric else s.cell, w)
             for column, value, w in zip(columns, row, widths)] for row in rows]
    shape = Table([head, *body], colWidths=widths, repeatRows=1, splitInRow=_split_rows(rows),
                  rowHeights=[None, *[row_height] * len(body)] if row_height else None)
    commands = [*_cell_commands(s.font), ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                *[("ALIGN", (i, 1), (i, -1), "RIGHT") for i, c in enumerate(columns) if c.numeric]]
    if total_rows:
        commands.append(("BACKGROUND", (0, -total_rows), (-1, -1), TOTAL_FILL))
    shape.setStyle(TableStyle(commands))
    return shape


def _breakable(header: object) -> object:
    """An English header may break after a slash ("New drug / device / technique"): words are never
    split, so a narrow column's one long slashed word ran over its neighbour."""
    if isinstance(header, str) and "/" in header and not _HAS_CJK.search(header):
        return " / ".join(part.strip() for part in header.split("/"))
    return header


LONG_CELL = 400  # characters: a cell this long may be taller than a page


def _split_rows(rows: Sequence[Sequence[object]]) -> int:
    """reportlab's splitInRow for a table holding a very long cell (a 20,000-character reply, a
    3,000-character department): such a row is split across pages instead of failing with a
    LayoutError. Other tables keep their rows whole (a row split at every page foot reads badly)."""
    return int(any(len(str(v)) > LONG_CELL for row in rows for v in row if v is not None))


def key_values(pairs: Sequence[tuple[Text | str, object]], *, cjk: bool = True, lang: str | None = None,
               columns: int = 2) -> Table:
    """Label / value pairs in ``columns`` pairs per row (a form's fields)."""
    s = styles(cjk)
    label_width, value_width = FRAME_WIDTH * 0.32 / columns, FRAME_WIDTH * 0.68 / columns
    cells = [(cell(k.pick(lang) if isinstance(k, Text) else k, s.cell, label_width), cell(v, s.cell, value_width))
             for k, v in pairs]
    rows = []
    for start in range(0, len(cells), columns):
        chunk = cells[start:start + columns]
        row: list[Paragraph | str] = []
        for label, value in chunk:
            row += [label, value]
        row += [""] * (2 * columns - len(row))
        rows.append(row)
    shape = Table(rows, colWidths=[label_width, value_width] * columns,
                  splitInRow=_split_rows([[v for _, v in pairs]]))
    shape.setStyle(TableStyle([*_cell_commands(s.font),
                               *[("BACKGROUND", (2 * i, 0), (2 * i, -1), HEADER_FILL) for i in range(columns)]]))
    return shape


# --- pages --------------------------------------------------------------------------------

FooterHook = Callable[[Canvas, int, int], None]  # (canvas, page number, page count)


def _numbered_canvas(font: str, lang: str | None, footer: FooterHook | None, inset: float) -> type[Canvas]:
    """A canvas that keeps each page until the end so it can print "page x of y" on every one."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Not reportlab's default Helvetica: a font no text uses would still be listed, unembedded.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or font
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(font, SMALL_SIZE)
                self.setFillColor(INK)
                self.drawRightString(PAGE[0] - MARGIN_RIGHT - inset, 12 * mm, Text("第 {x} 页 共 {y} 页", "Page {x} of {y}").format(
                    x=number, y=total).pick(lang))
                if footer is not None:
                    footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(out: str | os.PathLike | Any, story: list, *, title: str, cjk: bool = True, lang: str | None = None,
              footer: FooterHook | None = None, footer_inset: float = 0, author: str = "",
              bottom_margin: float = MARGIN_BOTTOM, top_margin: float = MARGIN_TOP) -> None:
    """Lay ``story`` out on A4 pages with the reports' margins and footer ("page x of y" at the right,
    ``footer_inset`` left of the margin, and whatever ``footer`` draws); ``out`` is a path or a
    binary file object."""
    target = os.fspath(out) if isinstance(out, (str, os.PathLike)) else out
    doc = SimpleDocTemplate(target, pagesize=PAGE, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                            topMargin=top_margin, bottomMargin=bottom_margin, title=title, author=author,
                            creator="DRG workstation")
    doc.build(story, canvasmaker=_numbered_canvas(font_name(cjk), lang, footer, footer_inset))


def running_header(title: str, subtitle: str, audit_head: str, font: str, lang: str | None) -> FooterHook:
    """Every page after the first repeats the title and the period or cycle at its top; every page
    carries the audit chain's head at its foot (``audit verify --head`` takes it back), so the
    paper anchors the record it was printed from."""
    def draw(canvas: Canvas, page: int, pages: int) -> None:
        canvas.setFont(font, SMALL_SIZE)
        canvas.setFillColor(INK)
        if page > 1:
            canvas.drawString(MARGIN_LEFT, PAGE[1] - 13 * mm, f"{title}  {subtitle}")
            canvas.setStrokeColor(RULE)
            canvas.line(MARGIN_LEFT, PAGE[1] - 14.5 * mm, PAGE[0] - MARGIN_RIGHT, PAGE[1] - 14.5 * mm)
        if audit_head:
            canvas.drawString(MARGIN_LEFT, 12 * mm, Text("审计链头 {head}",
                                                         "Audit chain head {head}")
                              .format(head=audit_head).pick(lang))
    return draw
