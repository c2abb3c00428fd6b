"""`panel`: expert panel sessions from the command line — plan, take the votes, close with minutes.

Every subcommand calls the same services as the GUI (services.panel) under the same authority:
an expert account votes only for itself; a reviewer enters votes on the experts' behalf.
"""
from __future__ import annotations

import argparse
from datetime import date

from workstation.cli.batches_cmd import format_table
from workstation.cli.common import open_db
from workstation.cli.signin import signed_in
from workstation.domain.messages import Text, UserError
from workstation.domain.review.session import RECUSAL_NAMES
from workstation.services import panel

STATUS_NAMES = {
    "planned": Text("已安排", "planned"), "open": Text("进行中", "open"), "closed": Text("已结束", "closed"),
    "waiting": Text("待议", "waiting"), "decided": Text("已形成结论", "decided"), "deferred": Text("暂缓", "deferred"),
}


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(str(Text("日期应写作 YYYY-MM-DD", "write the date as YYYY-MM-DD"))) from None


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    top = sub.add_parser("panel", help=str(Text("专家评审会：议程、缺席、会上表决、纪要",
                                                "expert panel sessions: agenda, absences, votes in the room, minutes")))
    cmds = top.add_subparsers(dest="panel_command", required=True)
    parsers = [top]

    def command(name: str, help_text: Text, func) -> argparse.ArgumentParser:
        p = cmds.add_parser(name, help=str(help_text))
        p.set_defaults(func=func)
        parsers.append(p)
        return p

    p = command("new", Text("安排一次评审会", "plan a session"), _new)
    p.add_argument("--date", type=_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--title", default="")
    p.add_argument("--place", default="")
    p = command("add", Text("把已抽取评审组的申报列入议程（按截止日期排序）",
                            "put applications with a drawn panel on the agenda (by deadline)"), _add)
    p.add_argument("session", type=int)
    p.add_argument("applications", type=int, nargs="+", metavar="APP")
    p = command("order", Text("手工排定议程顺序", "order the agenda by hand"), _order)
    p.add_argument("session", type=int)
    p.add_argument("applications", type=int, nargs="+", metavar="APP")
    p = command("absent", Text("登记缺席的专家", "record an invited expert as absent"), _absent)
    p.add_argument("session", type=int)
    p.add_argument("--expert", type=int, required=True)
    p.add_argument("--reason", default="")
    p.add_argument("--present", action="store_true", help=str(Text("撤销缺席（专家到会）", "undo: the expert is present")))
    command("list", Text("列出评审会", "list sessions"), _list)
    p = command("show", Text("议程、出席、回避与法定人数", "agenda, attendance, recusals and quorums"), _show)
    p.add_argument("session", type=int)
    p = command("vote", Text("录入在场专家的表决（专家本人或会议秘书代录）",
                             "enter a present expert's vote (the expert, or the secretary for them)"), _vote)
    p.add_argument("session", type=int)
    p.add_argument("application", type=int, metavar="APP")
    p.add_argument("--expert", type=int, required=True)
    p.add_argument("--vote", required=True, help="support | oppose | abstain")
    p.add_argument("--comment", default="")
    p = command("conflict", Text("会上声明利益冲突（该议题回避）", "a conflict declared in the room (recused for the item)"),
                _conflict)
    p.add_argument("session", type=int)
    p.add_argument("application", type=int, metavar="APP")
    p.add_argument("--expert", type=int, required=True)
    p.add_argument("--note", default="")
    p = command("top-up", Text("为不足法定人数的议题补抽专家", "top up the panel of an item without a quorum"), _top_up)
    p.add_argument("session", type=int)
    p.add_argument("application", type=int, metavar="APP")
    p.add_argument("--reason", required=True, help=str(Text("补抽理由（记入抽取记录）", "why (recorded with the draw)")))
    p = command("close", Text("结束评审会并打印纪要（记录其 SHA-256）", "close the session and print its minutes (SHA-256 recorded)"),
                _close)
    p.add_argument("session", type=int)
    p.add_argument("--minutes", required=True, metavar="F.pdf")
    return parsers


def _new(args: argparse.Namespace) -> int:
    db = open_db(args)
    session_id = panel.new_session(db, signed_in(args, db), args.date, args.title, args.place)
    print(str(Text("评审会 {id}：{day}", "session {id}: {day}").format(id=session_id, day=args.date.isoformat())))
    return 0


def _add(args: argparse.Namespace) -> int:
    db = open_db(args)
    panel.add_items(db, signed_in(args, db), args.session, args.applications)
    return _print_show(db, args.session)


def _order(args: argparse.Namespace) -> int:
    db = open_db(args)
    panel.order_items(db, signed_in(args, db), args.session, args.applications)
    return _print_show(db, args.session)


def _absent(args: argparse.Namespace) -> int:
    db = open_db(args)
    panel.set_absent(db, signed_in(args, db), args.session, args.expert, args.reason, absent=not args.present)
    return _print_show(db, args.session)


def _list(args: argparse.Namespace) -> int:
    db = open_db(args)
    rows = [[str(Text("编号", "id")), str(Text("日期", "date")), str(Text("名称", "title")), str(Text("状态", "status")),
             str(Text("议题", "items")), str(Text("已形成结论", "decided"))]]
    for s in panel.list_sessions(db):
        rows.append([str(s["id"]), s["held_on"], s["title"] or "—", str(STATUS_NAMES[s["status"]]), str(s["items"]),
                     str(s["decided"])])
    print(format_table(rows))
    return 0


def _print_show(db, session_id: int) -> int:
    view = panel.load_session(db, session_id)
    s = view.session
    print(str(Text("评审会 {id}  {day}  {title}  {status}", "session {id}  {day}  {title}  {status}").format(
        id=view.id, day=s["held_on"], title=s["title"] or "", status=STATUS_NAMES[s["status"]])))
    names = {i: e["name"] for i, e in view.invited.items()}
    listing = Text("、", ", ")
    print(str(Text("出席：{p}", "present: {p}").format(
        p=listing.join(f"{e['id']} {e['name']}" for e in view.present) or "—")))
    if view.absent:
        print(str(Text("缺席：{a}", "absent: {a}").format(a=listing.join(
            Text(f"{i} {names[i]}（{r}）" if r else f"{i} {names[i]}", f"{i} {names[i]} ({r})" if r else f"{i} {names[i]}")
            for i, r in view.absent.items()))))
    rows = [[str(Text("序", "no.")), str(Text("申报", "appl.")), str(Text("医院", "hosp.")), str(Text("状态", "status")),
             str(Text("表决专家", "voters")), str(Text("回避", "recused")), str(Text("法定人数", "quorum"))]]
    for item in view.items:
        voters = ", ".join(f"{i}{'✓' if any(m['expert_id'] == i and m['vote'] for m in item.members) else ''}"
                           for i in item.room.voters)
        recused = ", ".join(str(Text("{i} {n}（{w}）", "{i} {n} ({w})").format(i=i, n=names.get(i, ""), w=RECUSAL_NAMES[w]))
                            for i, w in item.room.recused.items())
        quorum = str(Text("足", "yes")) if item.room.quorum else str(Text("不足：须补抽", "NO: top-up needed"))
        rows.append([str(item.row["position"]), str(item.application_id), item.letter, str(STATUS_NAMES[item.status]),
                     voters or "—", recused or "—", quorum])
    print(format_table(rows))
    return 0


def _show(args: argparse.Namespace) -> int:
    return _print_show(open_db(args), args.session)


def _vote(args: argparse.Namespace) -> int:
    db = open_db(args)
    item = panel.vote_in_room(db, signed_in(args, db), args.session, args.application, args.expert, args.vote,
                              args.comment)
    print(str(Text("申报 {app}：{status}", "application {app}: {status}").format(
        app=args.application, status=STATUS_NAMES[item.status])))
    return 0


def _conflict(args: argparse.Namespace) -> int:
    db = open_db(args)
    panel.declare_in_room(db, signed_in(args, db), args.session, args.application, args.expert, args.note)
    return _print_show(db, args.session)


def _top_up(args: argparse.Namespace) -> int:
    db = open_db(args)
    panel.top_up(db, signed_in(args, db), args.session, args.application, args.reason)
    return _print_show(db, args.session)


def _close(args: argparse.Namespace) -> int:
    db = open_db(args)
    if not args.minutes.lower().endswith(".pdf"):
        raise UserError("纪要文件应以 .pdf 结尾。", "The minutes file must end in .pdf.")
    closed = panel.close_session(db, signed_in(args, db), args.session, args.minutes)
    decided = sum(i.status == "decided" for i in closed.view.items)
    print(str(Text("评审会 {id} 已结束：{d} 项形成结论，{r} 项暂缓；纪要 {f}（SHA-256 {h}）",
                   "session {id} closed: {d} decided, {r} deferred; minutes {f} (SHA-256 {h})").format(
        id=args.session, d=decided, r=len(closed.view.items) - decided, f=args.minutes, h=closed.sha256)))
    return 0
