"""`demo`: write a realistic demo month (settlement batch, group table, hospital table)."""
from __future__ import annotations

import argparse
import shlex

from workstation.domain.messages import language


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parser = sub.add_parser(
        "demo", help="write demo data files / 生成演示数据文件",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "生成一个月的演示数据：结算清单批次（CSV，默认 GB18030 编码）、DRG 分组权重表和定点医疗机构表。\n"
            "病例、医院与人员均为虚构；数据含高/低倍率、超长住院、未入组、再入院、性别冲突、费用不符\n"
            "及少量错误行，同一种子总是生成相同文件。\n\n"
            "Write one demo month: a settlement batch (CSV, GB18030 by default), a DRG group table and a\n"
            "hospital table. Cases, hospitals and people are fictional; the month holds high/low cost\n"
            "outliers, long stays, ungrouped cases, readmissions, sex conflicts, fee mismatches and some\n"
            "bad rows. The same seed always writes the same files."))
    parser.add_argument("dir", metavar="DIR", help="folder to write into / 输出文件夹")
    parser.add_argument("--cases", type=int, default=5000,
                        help="number of cases (default 5000) / 病例数")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1) / 随机种子")
    parser.add_argument("--encoding", default="gb18030",
                        help="gb18030 (default), gbk, utf-8 or utf-8-sig / 文件编码")
    parser.add_argument("--period", default="2024-03",
                        help="settlement period the discharges fall in (default 2024-03) / 结算期")
    parser.set_defaults(func=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    from workstation.demo.writer import write_demo

    files = write_demo(args.dir, cases=args.cases, seed=args.seed, encoding=args.encoding,
                       period=args.period)
    en = language() == "en"
    db = f" --db {shlex.quote(args.db)}" if getattr(args, "db", None) else ""
    print(f"{'Wrote' if en else '已生成'} ({files.cases} {'cases' if en else '例'}, {files.encoding}):")
    print(f"  {'settlement batch' if en else '结算清单'}: {files.batch}")
    print(f"  {'group table' if en else '分组权重表'}: {files.groups}")
    print(f"  {'hospital table' if en else '医疗机构表'}: {files.hospitals}")
    print("Next, load them:" if en else "下一步，依次导入：")
    print(f"  python main.py groups {shlex.quote(str(files.groups))} --label 演示分组{db}")
    print(f"  python main.py hospitals {shlex.quote(str(files.hospitals))}{db}")
    print(f"  python main.py import {shlex.quote(str(files.batch))} --period {files.period}{db}")
    return 0
