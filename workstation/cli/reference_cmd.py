"""`groups FILE` and `hospitals FILE`: load reference tables as new current versions."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from workstation.cli.common import open_db, stderr_progress
from workstation.cli.signin import signed_in
from workstation.domain.messages import Text

if TYPE_CHECKING:  # the command starts faster without importing these
    from sqlite_utils import Database

    from workstation.reference.versions import ReferenceLoadResult
    from workstation.services.operations import Outcome

GROUPS_DESCRIPTION = Text(
    """载入 DRG 分组权重表（CSV / TXT / XLSX，UTF-8 或 GB18030），作为新的现行版本。

识别的表头：DRG编码|病组编码|分组编码|DRG, DRG名称|病组名称|分组名称, 权重|RW|相对权重|初始权重,
基准点数, 均次费用|次均费用|支付标准, 平均住院日；按级别和险种分列的支付标准（三级医院支付标准、
支付标准（三级）、二级医院支付标准（职工）……）和系数（二级医院系数）按病例所在医院的级别和险种采用，
载入时列出每列用于哪一级；无法归属的列（如按医院集团分列）列出并不采用。病组属性（基础病组、
稳定/不稳定病组、※、中医优势病组、单议病组）照常保存。支付标准超过两位小数时保留原值、按分四舍五入
并报告。权重列写“按项目据实支付”等文字、或权重/支付标准为 0 的病组标为不按 DRG 付费。缺编码、数字
无法识别、编码重复的行被拒收并列出行号和原因；拒收超过规则允许的比例（默认 2%）时不替换现行表，
除非加 --accept-partial。旧版本保留，载入记入审计日志。""",
    """Load a DRG group table (CSV, TXT or XLSX; UTF-8 or GB18030) as the new current version.

Recognised headers: DRG编码|病组编码|分组编码|DRG, DRG名称|病组名称|分组名称, 权重|RW|相对权重|初始权重,
基准点数, 均次费用|次均费用|支付标准, 平均住院日 (the headers of the users' files). Payment
standards per hospital level and insurance type (三级医院支付标准, 支付标准（三级）,
二级医院支付标准（职工）, …) and per-level coefficients (二级医院系数) serve the cases of that
level and type; the load lists which column serves which level, and leaves out (and lists) a
column it cannot place, e.g. one per hospital group. Group attributes (基础病组, 稳定/不稳定病组,
※, 中医优势病组, 单议病组) are kept. A standard with more than 2 decimals is kept as written and
rounded half-up to the fen, reported. A group whose weight is a text such as 按项目据实支付, or
whose weight or standard is 0, is not paid by DRG; rows with no code, an unreadable number or a
repeated code are rejected with row number and reason. When more rows are refused than the
rules allow (default 2%) the current table is kept unless --accept-partial is given. Earlier
versions are kept; the load is recorded in the audit log.""")

# The labels and column names in the examples are what a user types, in either language.
GROUPS_EPILOG = Text(
    """示例：
  main.py groups beijing-2022.csv --label 北京2022
  main.py groups wuhan-2022.csv --label 武汉2022居民 --cost-column 二级医院支付标准（居民）""",
    """examples:
  main.py groups beijing-2022.csv --label 北京2022
  main.py groups wuhan-2022.csv --label 武汉2022居民 --cost-column 二级医院支付标准（居民）""")

HOSPITALS_DESCRIPTION = Text(
    """载入定点医疗机构表（CSV / TXT / XLSX），作为新的现行版本。

识别的表头：机构编码|定点医药机构编码, 机构名称, 级别（三级/二级/一级 或 3/2/1）,
差异系数|成本系数（空缺按 1.0）。不合格的行被拒收并列出原因；旧版本保留，载入记入审计日志。""",
    """Load a hospital table (CSV, TXT or XLSX) as the new current version.

Recognised headers: 机构编码|定点医药机构编码, 机构名称, 级别 (三级/二级/一级 or 3/2/1),
差异系数|成本系数 (default 1.0). Bad rows are rejected with their reason; earlier versions
are kept and the load is audited.""")


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    groups = sub.add_parser(
        "groups", help=str(Text("载入分组权重表", "load a DRG group table")), description=str(GROUPS_DESCRIPTION),
        epilog=str(GROUPS_EPILOG), formatter_class=argparse.RawDescriptionHelpFormatter)
    groups.add_argument("file", metavar="FILE", help=str(Text("分组权重表文件", "the group table")))
    groups.add_argument("--label", metavar="L",
                        help=str(Text("本版本的标签，例如 北京2022", "a name for this version, e.g. Beijing-2022")))
    groups.add_argument("--cost-column", metavar="NAME",
                        help=str(Text("有多列支付标准时指定采用哪一列，例如 “二级医院支付标准（居民）”"
                                      "或简写为 居民（默认第一列）",
                                      "which column is the average cost when there are several, e.g. "
                                      "\"二级医院支付标准（居民）\" or just 居民 (default: the first)")))
    groups.add_argument("--score-as", choices=("base-points", "weight"),
                        help=str(Text("分值表（标准分值、等级系数）中标准分值的含义：基准点数或相对权重",
                                      "what a point-value table's 标准分值 means: base points or the weight")))
    _partial_option(groups)
    groups.set_defaults(func=run_groups)
    hospitals = sub.add_parser(
        "hospitals", help=str(Text("载入医疗机构表", "load a hospital table")),
        description=str(HOSPITALS_DESCRIPTION), formatter_class=argparse.RawDescriptionHelpFormatter)
    hospitals.add_argument("file", metavar="FILE", help=str(Text("医疗机构表文件", "the hospital table")))
    _partial_option(hospitals)
    hospitals.set_defaults(func=run_hospitals)
    return [groups, hospitals]


def _partial_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--accept-partial", action="store_true",
                        help=str(Text("拒收行超过规则允许的比例（默认 2%%）时仍载入其余各行（记入审计日志）",
                                      "load the other rows even when more rows are refused than the rules allow "
                                      "(default 2%%); audited")))
    parser.add_argument("--rejected-out", metavar="F.csv",
                        help=str(Text("把全部拒收行（行号、编码、原因）写入此 CSV 文件，无论是否载入",
                                      "write every refused row (row, code, reason) to this CSV file, loaded or not")))


def _write_rejected(path: str | None, result: ReferenceLoadResult | None) -> None:
    """--rejected-out: the refused rows, all of them, for the user to look at (UTF-8 with BOM for Excel/WPS)."""
    if not path or result is None:
        return
    import csv

    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([str(Text("行号", "row")), str(Text("编码", "code")), str(Text("原因", "reason"))])
        writer.writerows([row.source_row, row.code, str(row.reason)] for row in result.rejected)


def _run_load(args: argparse.Namespace, load: Callable[[Database], Outcome]) -> int:
    from workstation.services.operations import PartialLoadRefused

    db = open_db(args)
    try:
        try:
            outcome = load(db)
        except PartialLoadRefused as refused:
            _write_rejected(args.rejected_out, refused.result)
            raise
        _write_rejected(args.rejected_out, outcome.result)
        print("\n".join(outcome.summary_lines()))
        return 0
    finally:
        db.close()


def run_groups(args: argparse.Namespace) -> int:
    from workstation.services.operations import load_groups

    return _run_load(args, lambda db: load_groups(
        db, args.file, actor=signed_in(args, db), label=args.label, cost_column=args.cost_column,
        score_as=args.score_as,
        accept_partial=args.accept_partial, control=stderr_progress()))


def run_hospitals(args: argparse.Namespace) -> int:
    from workstation.services.operations import load_hospitals

    return _run_load(args, lambda db: load_hospitals(
        db, args.file, actor=signed_in(args, db), accept_partial=args.accept_partial, control=stderr_progress()))
