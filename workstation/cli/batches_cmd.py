"""`batches`: the imported batches with their counts."""
from __future__ import annotations

import argparse

from workstation.cli.common import open_db
from workstation.domain.messages import Text
from workstation.services.batches import list_batches

HEADER = [Text("#", "#"), Text("结算期", "period"), Text("文件", "file"), Text("导入时间", "imported at"),
          Text("导入人", "by"), Text("读取", "read"), Text("导入", "imported"), Text("隔离", "quarantined")]


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parser = sub.add_parser(
        "batches", help=str(Text("列出已导入批次及其行数", "list imported batches with their counts")),
        description=str(Text("列出已导入的每个批次：文件、结算期、导入时间和导入人，以及行数核对"
                             "（读取 = 导入 + 隔离）。",
                             "List every imported batch: file, period, when and by whom, and the counts "
                             "rows read = imported + quarantined.")))
    parser.set_defaults(func=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    rows = list_batches(db)
    if not rows:
        print(str(Text("尚未导入任何批次。", "No batches imported yet.")))
        return 0
    header = [str(h) for h in HEADER]
    table = [header] + [
        [str(r["id"]), r["period"], r["file_name"], r["imported_at"][:19].replace("T", " "),
         r["imported_by"], str(r["rows_read"]), str(r["rows_imported"]), str(r["rows_quarantined"])]
        for r in rows]
    print(format_table(table))
    return 0


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def format_table(rows: list[list[str]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
