"""`demo`: write a realistic demo month (settlement batch, group table, hospital table)."""
from __future__ import annotations

import argparse
import shlex

from workstation.domain.messages import Text


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parser = sub.add_parser(
        "demo", help=str(Text("生成演示数据文件", "write demo data files")),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=str(Text(
            "生成一个月的演示数据：结算清单批次（CSV，默认 GB18030 编码）、DRG 分组权重表、定点医疗机构表\n"
            "和医院的特例单议申报表（含几行会被隔离的错误行）。\n"
            "病例、医院与人员均为虚构；数据含高/低倍率、超长住院、未入组、再入院、性别冲突、费用不符\n"
            "及少量错误行，同一种子总是生成相同文件。",
            "Write one demo month: a settlement batch (CSV, GB18030 by default), a DRG group table, a\n"
            "hospital table and the hospitals' special-case applications (with a few bad rows).\n"
            "Cases, hospitals and people are fictional; the month holds high/low cost outliers, long\n"
            "stays, ungrouped cases, readmissions, sex conflicts, fee mismatches and some bad rows.\n"
            "The same seed always writes the same files.")))
    parser.add_argument("dir", metavar="DIR", help=str(Text("输出文件夹", "folder to write into")))
    parser.add_argument("--cases", type=int, default=5000,
                        help=str(Text("病例数（默认 5000）", "number of cases (default 5000)")))
    parser.add_argument("--seed", type=int, default=1,
                        help=str(Text("随机种子（默认 1）", "random seed (default 1)")))
    parser.add_argument("--encoding", default="gb18030",
                        help=str(Text("文件编码：gb18030（默认）、gbk、utf-8 或 utf-8-sig",
                                      "gb18030 (default), gbk, utf-8 or utf-8-sig")))
    parser.add_argument("--period", default="2024-03",
                        help=str(Text("出院日期所在的结算期（默认 2024-03）",
                                      "settlement period the discharges fall in (default 2024-03)")))
    parser.set_defaults(func=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    from workstation.demo.bootstrap import DEMO_GROUPS_LABEL
    from workstation.demo.writer import write_demo

    files = write_demo(args.dir, cases=args.cases, seed=args.seed, encoding=args.encoding,
                       period=args.period)
    db = f" --db {shlex.quote(args.db)}" if getattr(args, "db", None) else ""
    print(str(Text("已生成（{cases} 例，{encoding}）：", "Wrote ({cases} cases, {encoding}):").format(
        cases=files.cases, encoding=files.encoding)))
    print(str(Text("  结算清单：{path}", "  settlement batch: {path}").format(path=files.batch)))
    print(str(Text("  分组权重表：{path}", "  group table: {path}").format(path=files.groups)))
    print(str(Text("  医疗机构表：{path}", "  hospital table: {path}").format(path=files.hospitals)))
    print(str(Text("  特例单议申报表：{path}（{good} 件可受理，{bad} 行有错误将被隔离）",
                   "  special-case applications: {path} ({good} valid, {bad} bad rows to be quarantined)").format(
        path=files.applications.path, good=len(files.applications.good), bad=files.applications.bad_rows)))
    print(str(Text("下一步，依次导入：", "Next, load them:")))
    label = shlex.quote(DEMO_GROUPS_LABEL)  # the label the first-start demo gives the same table
    print(f"  python main.py groups {shlex.quote(str(files.groups))} --label {label}{db}")
    print(f"  python main.py hospitals {shlex.quote(str(files.hospitals))}{db}")
    print(f"  python main.py import {shlex.quote(str(files.batch))} --period {files.period}{db}")
    print(f"  python main.py applications import {shlex.quote(str(files.applications.path))}{db}")
    return 0
