"""`opinions`: the register of hospitals' opinions (意见收集反馈) — import, list, assign, answer, publish."""
from __future__ import annotations

import argparse
from datetime import date

from workstation.cli.batches_cmd import format_table
from workstation.cli.common import open_db
from workstation.cli.signin import signed_in
from workstation.domain.messages import Text, UserError


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"日期“{text}”应写作 2024-04-10。", f"date {text!r} must read 2024-04-10.") from None


def _codes(text: str | None) -> list[str]:
    return [c.strip().upper() for c in (text or "").split(",") if c.strip()]


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parsers: list[argparse.ArgumentParser] = []
    top = sub.add_parser("opinions", help=str(Text("医院意见收集反馈登记", "the register of hospitals' opinions")))
    parsers.append(top)
    verbs = top.add_subparsers(dest="opinions_command", required=True)

    def command(name: str, help_text: Text, func) -> argparse.ArgumentParser:
        p = verbs.add_parser(name, help=str(help_text))
        p.set_defaults(func=func)
        parsers.append(p)
        return p

    p = command("import", Text("导入医院报送的意见表（CSV/XLSX）", "import a hospital's opinion file (CSV/XLSX)"), _import)
    p.add_argument("file")
    p = command("add", Text("登记一条意见", "register one opinion"), _add)
    p.add_argument("hospital_code", metavar="HOSPITAL")
    p.add_argument("--topic", required=True, help="grouping | weights | rules | workflow | other")
    p.add_argument("--text", required=True)
    p.add_argument("--date", metavar="YYYY-MM-DD")
    p.add_argument("--proposals", metavar="CODES", help=str(Text("涉及的建议，逗号分隔", "proposals concerned, comma-separated")))
    p = command("list", Text("列出意见（逾期标记）", "list opinions (with overdue marks)"), _list)
    p.add_argument("--half", metavar="2024H1")
    p.add_argument("--open", action="store_true", help=str(Text("只列未答复的", "only unanswered")))
    p.add_argument("--overdue", action="store_true", help=str(Text("只列逾期未答复的", "only overdue and unanswered")))
    p = command("assign", Text("指定承办人", "assign to a colleague"), _assign)
    p.add_argument("id", type=int)
    p.add_argument("--to", required=True)
    p = command("answer", Text("答复意见", "answer an opinion"), _answer)
    p.add_argument("id", type=int)
    p.add_argument("--text", required=True)
    p.add_argument("--date", metavar="YYYY-MM-DD")
    p.add_argument("--proposals", metavar="CODES", help=str(Text("关联的建议，逗号分隔", "link proposals, comma-separated")))
    p = command("publish", Text("公开半年的意见及答复（PDF 和 XLSX）", "publish a half-year (PDF and XLSX)"), _publish)
    p.add_argument("half", metavar="2024H1")
    p.add_argument("--pdf", required=True, metavar="F.pdf")
    p.add_argument("--xlsx", required=True, metavar="F.xlsx")
    return parsers


def _import(args: argparse.Namespace) -> int:
    from workstation.services.opinions import import_opinions

    db = open_db(args)
    try:
        print(str(import_opinions(db, args.file, actor=signed_in(args, db)).summary()))
        return 0
    finally:
        db.close()


def _add(args: argparse.Namespace) -> int:
    from workstation.services.opinions import register_opinion

    db = open_db(args)
    try:
        number = register_opinion(db, signed_in(args, db), hospital_code=args.hospital_code, topic=args.topic,
                                  text=args.text, received_on=_day(args.date), links=_codes(args.proposals))
        print(str(Text("已登记第 {n} 号意见。", "Registered opinion {n}.").format(n=number)))
        return 0
    finally:
        db.close()


def _list(args: argparse.Namespace) -> int:
    from workstation.services.opinions import TOPICS, list_opinions

    db = open_db(args)
    try:
        rows = list_opinions(db, half=args.half, open_only=args.open, overdue_only=args.overdue)
        table = [["#", str(Text("收到", "Received")), str(Text("机构", "Hospital")), str(Text("类别", "Topic")),
                  str(Text("期限", "Due")), str(Text("状态", "Status")), str(Text("意见", "Opinion"))]]
        for r in rows:
            state = Text("已答复", "answered") if r["answer"] else Text("待答复", "open")
            if r["overdue"]:
                state = state + Text("·逾期", " · overdue")
            if r["published_at"]:
                state = state + Text("·已公开", " · published")
            text = r["text"] if len(r["text"]) <= 30 else r["text"][:30] + "…"
            table.append([str(r["id"]), r["received_on"], r["hospital_code"], str(TOPICS[r["topic"]]), r["due_on"],
                          str(state), text])
        print(format_table(table))
        return 0
    finally:
        db.close()


def _assign(args: argparse.Namespace) -> int:
    from workstation.services.opinions import assign_opinion

    db = open_db(args)
    try:
        assign_opinion(db, signed_in(args, db), args.id, args.to)
        return 0
    finally:
        db.close()


def _answer(args: argparse.Namespace) -> int:
    from workstation.services.opinions import answer_opinion

    db = open_db(args)
    try:
        answer_opinion(db, signed_in(args, db), args.id, args.text, answered_on=_day(args.date),
                       links=_codes(args.proposals))
        print(str(Text("已答复第 {n} 号意见。", "Answered opinion {n}.").format(n=args.id)))
        return 0
    finally:
        db.close()


def _publish(args: argparse.Namespace) -> int:
    from workstation.reports.opinions_report import write_opinions_pdf, write_opinions_workbook
    from workstation.services.opinions import publish_opinions
    from workstation.services.report_settings import report_settings
    from workstation.store.output_paths import atomic_output, checked_output

    db = open_db(args)
    try:
        for out in (args.pdf, args.xlsx):  # both refused before anything is marked published
            checked_output(out, db)
        rows = publish_opinions(db, signed_in(args, db), args.half)
        half = args.half.strip().upper()
        settings = report_settings(db)
        with atomic_output(args.pdf, db) as path:
            write_opinions_pdf(half, rows, settings, path)
        with atomic_output(args.xlsx, db) as path:
            write_opinions_workbook(half, rows, path)
        print(str(Text("{half}：公开意见 {n} 条；已写出 {pdf} 和 {xlsx}", "{half}: {n} opinions published; wrote {pdf} and "
                       "{xlsx}").format(half=half, n=len(rows), pdf=args.pdf, xlsx=args.xlsx)))
        return 0
    finally:
        db.close()
