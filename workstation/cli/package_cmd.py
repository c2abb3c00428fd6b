"""`package export|import|conflicts|resolve|unpack`: review packages between offline desktops."""
from __future__ import annotations

import argparse
import json

from workstation.cli.common import open_db
from workstation.cli.signin import signed_in
from workstation.domain.messages import Text
from workstation.services.packages import export_package, import_package, list_conflicts, resolve_conflict
from workstation.services.packages.archive import unpack
from workstation.services.packages.export import describe, select_applications


def _ids(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(str(Text("应为以逗号分隔的申报编号，如 3,5,8",
                                                  "application ids separated by commas, e.g. 3,5,8"))) from None

def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parser = sub.add_parser("package", help=str(Text("审核包（.drgpkg）：在离线的工作站之间交换申报",
                                                     "review packages (.drgpkg) between offline desktops")))
    commands = parser.add_subparsers(dest="package_command", metavar="export|import|conflicts|resolve|unpack",
                                     required=True)
    export = commands.add_parser("export", help=str(Text("导出申报及其病例、评审、决定、告知书和审计事件",
                                                         "export applications with their cases, votes, decisions, "
                                                         "notices and audit events")))
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--applications", type=_ids, metavar="3,5,8")
    which.add_argument("--session", metavar="S")
    which.add_argument("--period", metavar="P")
    export.add_argument("--out", required=True, metavar="F.drgpkg")
    export.add_argument("--for-reviewer", action="store_true", help=str(Text(
        "供另一审核员工作站：不遮蔽个人信息（需显示个人信息的权限）",
        "for another reviewer's desk: personal data not masked (needs the unmasking right)")))
    export.set_defaults(func=run_export)
    into = commands.add_parser("import", help=str(Text("导入审核包：先核验，不重复，冲突列出不覆盖",
                                                       "import a package: checked first, no duplicates, conflicts "
                                                       "listed and never applied")))
    into.add_argument("file", metavar="F.drgpkg")
    into.set_defaults(func=run_import)
    listing = commands.add_parser("conflicts", help=str(Text("待科室负责人处理的冲突", "conflicts for a supervisor")))
    listing.add_argument("--all", action="store_true", help=str(Text("包括已处理的", "resolved ones too")))
    listing.set_defaults(func=run_conflicts)
    resolve = commands.add_parser("resolve", help=str(Text("处理一项冲突", "resolve one conflict")))
    resolve.add_argument("id", type=int)
    resolve.add_argument("--keep", required=True, choices=["local", "imported"])
    resolve.add_argument("--reason", required=True)
    resolve.set_defaults(func=run_resolve)
    out = commands.add_parser("unpack", help=str(Text("核验后把各部分（Parquet）写入文件夹，供 DuckDB/Spark 读取",
                                                      "check a package and write its Parquet parts into a folder "
                                                      "(for DuckDB or Spark)")))
    out.add_argument("file", metavar="F.drgpkg")
    out.add_argument("--to", required=True, metavar="DIR")
    out.set_defaults(func=run_unpack)
    return [parser, export, into, listing, resolve, out]

def run_export(args: argparse.Namespace) -> int:
    db = open_db(args)
    ids = select_applications(db, application_ids=args.applications, period=args.period, session=args.session)
    result = export_package(db, signed_in(args, db), args.out, ids, for_reviewer=args.for_reviewer)
    print(str(describe(result)))
    return 0

def run_import(args: argparse.Namespace) -> int:
    db = open_db(args)
    result = import_package(db, signed_in(args, db), args.file)
    print(str(result.report()))
    return 0

def run_conflicts(args: argparse.Namespace) -> int:
    rows = list_conflicts(open_db(args), open_only=not args.all)
    if not rows:
        print(str(Text("没有待处理的冲突。", "No conflicts to resolve.")))
    for r in rows:
        state = f"{r['kept']} ({r['resolved_by']}: {r['reason']})" if r["resolved_at"] else str(Text("待处理", "open"))
        print(f"#{r['id']}  {str(Text('申报', 'application'))} {r['application_id']} ({r['hospital_code']}/{r['case_id']})"
              f"  {r['kind']} {r['subject']}  [{state}]")
        print(f"     {str(Text('本库', 'local'))}:    {json.dumps(r['local'], ensure_ascii=False)}")
        print(f"     {str(Text('导入', 'imported'))}: {json.dumps(r['imported'], ensure_ascii=False)}")
    return 0

def run_resolve(args: argparse.Namespace) -> int:
    db = open_db(args)
    resolve_conflict(db, signed_in(args, db), args.id, args.keep, args.reason)
    print(str(Text("冲突 {id} 已处理：保留{k}。", "Conflict {id} resolved: kept the {k} value.").format(
        id=args.id, k=Text("本库", "local") if args.keep == "local" else Text("导入", "imported"))))
    return 0

def run_unpack(args: argparse.Namespace) -> int:
    written = unpack(args.file, args.to)
    print(str(Text("已写出 {n} 个文件到 {d}", "Wrote {n} files to {d}").format(n=len(written), d=args.to)))
    return 0
