"""`export-cases --out FILE.csv|FILE.xlsx`: every case with its benchmark, flags, points and payment."""
from __future__ import annotations

import argparse

from workstation.cli.common import open_db
from workstation.cli.summary_cmd import period_argument
from workstation.domain.messages import Text


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parser = sub.add_parser(
        "export-cases", help=str(Text("导出病例结果（含标记和点数）", "export cases with flags and points")),
        description=str(Text(
            "导出每个病例的均次费用、费用倍率、标记、点数和预估支付。\n"
            "CSV 为带 BOM 的 UTF-8，Excel 和 WPS 可直接打开；XLSX 为中文表头并冻结首行。\n"
            "金额单位为元（两位小数）。",
            "Export every case with its benchmark, cost ratio, flags, points and estimated payment.\n"
            "CSV is UTF-8 with a BOM; XLSX has Chinese headers and a frozen header row.\n"
            "Money in yuan.")),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, metavar="FILE",
                        help=str(Text("输出文件：FILE.csv 或 FILE.xlsx", "FILE.csv or FILE.xlsx")))
    parser.add_argument("--flagged-only", action="store_true",
                        help=str(Text("只导出有标记的病例", "only cases with a flag")))
    parser.add_argument("--hospital", metavar="CODE", help=str(Text("只导出该机构", "only this hospital")))
    parser.add_argument("--period", metavar="P",
                        help=str(Text("只导出该结算期，例如 2024-03", "only this period, e.g. 2024-03")))
    parser.set_defaults(func=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    from workstation.cli.signin import signed_in
    from workstation.services.personal_data import export_cases

    db = open_db(args)
    try:
        count = export_cases(db, signed_in(args, db), args.out, flagged_only=args.flagged_only, hospital=args.hospital,
                             period=period_argument(args.period))
        print(str(Text("已导出 {count} 例到 {out}", "Exported {count} cases to {out}").format(
            count=count, out=args.out)))
        return 0
    finally:
        db.close()
