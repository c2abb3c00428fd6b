"""`batches`: the imported batches with their counts."""
from __future__ import annotations

import argparse

from workstation.cli.common import open_db
from workstation.domain.messages import language
from workstation.services.batches import list_batches


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parser = sub.add_parser(
        "batches", help="list imported batches with their counts / 列出已导入批次",
        description="List every imported batch: file, period, when and by whom, and the counts "
                    "rows read = imported + quarantined. 列出已导入的批次及其行数核对。")
    parser.set_defaults(func=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    rows = list_batches(db)
    en = language() == "en"
    if not rows:
        print("No batches imported yet." if en else "尚未导入任何批次。")
        return 0
    header = (["#", "period", "file", "imported at", "by", "read", "imported", "quarantined"] if en
              else ["#", "结算期", "文件", "导入时间", "导入人", "读取", "导入", "隔离"])
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
