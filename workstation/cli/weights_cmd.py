"""`weights`: proposals from the data (动态调整), the negotiation with the hospitals (协商谈判), and
adopting its agreed changes as a new group-table version."""
from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal

from workstation.cli.batches_cmd import format_table
from workstation.cli.common import open_db, stderr_progress
from workstation.cli.signin import signed_in
from workstation.domain.messages import Text, UserError
from workstation.domain.recalibration import CONFIDENCE_NAMES


def _pairs(items: list[str] | None, what: Text) -> dict[str, str]:
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UserError(f"“{item}”应写作 {what.zh}", f"{item!r} must read {what.en}")
        out[key.strip().upper()] = value.strip()
    return out


def _person(text: str) -> tuple[str, str | None]:
    name, _, title = text.partition(":")
    return name.strip(), title.strip() or None


def _day(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"日期“{text}”应写作 2024-04-10。", f"date {text!r} must read 2024-04-10.") from None


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parsers: list[argparse.ArgumentParser] = []

    def command(parent, name: str, help_text: Text, func) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=str(help_text))
        p.set_defaults(func=func)
        parsers.append(p)
        return p

    def span(p: argparse.ArgumentParser) -> None:
        p.add_argument("--from", dest="first", required=True, metavar="P", help=str(Text("起始结算期", "first period")))
        p.add_argument("--to", dest="last", metavar="P", help=str(Text("截止结算期（默认同起始）", "last period (default: --from)")))
        p.add_argument("--threshold", metavar="0.10", help=str(Text("调整阈值（默认取规则文件）", "threshold (default: the rules)")))
        p.add_argument("--min-cases", type=int, metavar="N", help=str(Text("最少病例数（默认取规则文件）",
                                                                           "minimum cases (default: the rules)")))

    weights = sub.add_parser("weights", help=str(Text("病组权重和系数的调整建议、协商与采用", "weight proposals, negotiation, adoption")))
    parsers.append(weights)
    verbs = weights.add_subparsers(dest="weights_command", required=True)
    p = command(verbs, "propose", Text("按数据测算调整建议，写出工作簿", "proposals from the data, as a workbook"), _propose)
    span(p)
    p.add_argument("--out", required=True, metavar="F.xlsx", help=str(Text("输出的 XLSX 文件", "the XLSX to write")))

    negotiate = verbs.add_parser("negotiate", help=str(Text("协商谈判记录", "the negotiation record")))
    parsers.append(negotiate)
    steps = negotiate.add_subparsers(dest="negotiate_command", required=True)
    p = command(steps, "open", Text("登记一次协商（讨论的建议、参加人）", "record a negotiation (proposals, participants)"),
                _open)
    span(p)
    p.add_argument("--date", metavar="YYYY-MM-DD", help=str(Text("会议日期（默认今天）", "date held (default: today)")))
    p.add_argument("--title", help=str(Text("会议名称（默认：病组权重调整协商会）", "title (default: weight negotiation)")))
    p.add_argument("--proposals", metavar="CODES", help=str(Text("讨论的建议，逗号分隔（默认全部）",
                                                                 "proposals discussed, comma-separated (default: all)")))
    p.add_argument("--bureau", action="append", default=[], metavar="NAME[:POST]", help=str(Text("医保部门参加人", "bureau participant")))
    p.add_argument("--hospital", action="append", default=[], metavar="CODE=NAME[:POST]",
                   help=str(Text("医疗机构代表", "a hospital's representative")))
    p.add_argument("--expert", action="append", default=[], metavar="NAME[:POST]", help=str(Text("专家", "expert")))
    p = command(steps, "position", Text("登记一家医院的意见：编码=agree|disagree|数值",
                                        "a hospital's positions: CODE=agree|disagree|value"), _position)
    p.add_argument("id", type=int)
    p.add_argument("hospital_code", metavar="HOSPITAL")
    p.add_argument("positions", nargs="+", metavar="CODE=POSITION")
    p.add_argument("--note")
    p = command(steps, "outcome", Text("登记一致意见：编码=proposed|数值|reject|defer",
                                       "the agreed outcome: CODE=proposed|value|reject|defer"), _outcome)
    p.add_argument("id", type=int)
    p.add_argument("outcomes", nargs="+", metavar="CODE=OUTCOME")
    p.add_argument("--note")
    p = command(steps, "show", Text("显示协商记录", "show a negotiation"), _show)
    p.add_argument("id", type=int, nargs="?")
    p = command(steps, "minutes", Text("打印协商会议纪要（PDF）", "print the minutes (PDF)"), _minutes)
    p.add_argument("id", type=int)
    p.add_argument("--out", required=True, metavar="F.pdf")

    p = command(verbs, "adopt", Text("把协商一致的调整生成新版病组表", "adopt the agreed changes as a new group table"), _adopt)
    p.add_argument("id", type=int)
    p.add_argument("--recompute", action="store_true", help=str(Text("随即按新版重新计算全部结果",
                                                                     "recompute every result under it now")))
    command(verbs, "recompute", Text("按现行表重新计算全部结果（已决定的病例不变）",
                                     "recompute every result (decided cases kept)"), _recompute)
    return parsers


def _proposals(args: argparse.Namespace, db, actor):
    from workstation.services.weights import parse_threshold, weight_proposals

    return weight_proposals(db, actor, args.first, args.last, threshold=parse_threshold(args.threshold),
                            min_cases=args.min_cases, control=stderr_progress())


def _propose(args: argparse.Namespace) -> int:
    from workstation.reports.weights_workbook import write_proposals_workbook
    from workstation.store.output_paths import atomic_output, checked_output

    db = open_db(args)
    try:
        checked_output(args.out, db)  # `--out` onto the database is refused before anything is computed
        result = _proposals(args, db, signed_in(args, db))
        with atomic_output(args.out, db) as path:
            write_proposals_workbook(result, path)
        rows = [[str(Text("建议", "Proposal")), str(Text("病例", "Cases")), str(Text("现行", "Current")),
                 str(Text("测算", "Implied")), str(Text("变化", "Change")), str(Text("可信度", "Confidence"))]]
        for p in result.proposals:
            rows.append([p.key, str(p.cases), f"{float(p.current):.4f}", str(p.published), f"{float(p.change):+.1%}",
                         str(CONFIDENCE_NAMES[p.confidence])])
        print(str(Text("{periods}：列出 {n} 个病组（病例数 ≥ {m}），调整建议 {k} 项；已写出 {out}",
                       "{periods}: {n} groups listed (≥ {m} cases), {k} proposals; wrote {out}").format(
            periods=", ".join(result.periods), n=len(result.listed_groups()), m=result.min_cases,
            k=len(result.proposals), out=args.out)))
        if len(rows) > 1:
            print(format_table(rows))
        return 0
    finally:
        db.close()


def _open(args: argparse.Namespace) -> int:
    from workstation.services.negotiations import Participant, open_negotiation

    def person(side: str, text: str, code: str | None = None) -> Participant:
        name, title = _person(text)
        return Participant(side, name, hospital_code=code, title=title)

    people = [person("bureau", x) for x in args.bureau]
    people += [person("hospital", who, code) for code, who in _pairs(args.hospital, Text("机构编码=姓名", "CODE=NAME")).items()]
    people += [person("expert", x) for x in args.expert]
    db = open_db(args)
    try:
        actor = signed_in(args, db)
        result = _proposals(args, db, actor)
        codes = [c for c in (args.proposals or "").split(",") if c.strip()] or None
        number = open_negotiation(db, actor, result, held_on=_day(args.date),
                                  title=args.title or str(Text("病组权重调整协商会", "Weight negotiation")), participants=people,
                                  codes=codes)
        print(str(Text("已登记第 {n} 号协商。", "Recorded negotiation {n}.").format(n=number)))
        _print(db, number)
        return 0
    finally:
        db.close()


def _position(args: argparse.Namespace) -> int:
    from workstation.services.negotiations import record_positions

    db = open_db(args)
    try:
        record_positions(db, signed_in(args, db), args.id, args.hospital_code.strip(),
                         _pairs(args.positions, Text("编码=agree|disagree|数值", "CODE=agree|disagree|value")), args.note)
        _print(db, args.id)
        return 0
    finally:
        db.close()


def _outcome(args: argparse.Namespace) -> int:
    from workstation.services.negotiations import record_outcomes

    db = open_db(args)
    try:
        record_outcomes(db, signed_in(args, db), args.id,
                        _pairs(args.outcomes, Text("编码=proposed|数值|reject|defer", "CODE=proposed|value|reject|defer")),
                        args.note)
        _print(db, args.id)
        return 0
    finally:
        db.close()


def _print(db, number: int) -> None:
    from workstation.services.negotiations import OUTCOMES, POSITIONS, negotiation

    n = negotiation(db, number)
    hospitals = [p.hospital_code or "" for p in n.participants if p.side == "hospital"]
    print(f"#{n.id} {n.held_on} {n.title} ({n.span_from}–{n.span_to})")
    rows = [[str(Text("建议", "Proposal")), str(Text("现行", "Current")), str(Text("测算", "Proposed")), *hospitals,
             str(Text("一致意见", "Agreed"))]]
    def shown(value: str | None) -> str:
        return "" if value is None else f"{Decimal(value):.4f}"

    for i in n.items:
        said = [i.positions.get(h) for h in hospitals]
        rows.append([i.code, shown(i.current), shown(i.proposed),
                     *["—" if s is None else (shown(s[1]) or str(POSITIONS[s[0]])) for s in said],
                     f"{OUTCOMES[i.outcome]} {shown(i.agreed)}".strip() if i.outcome in OUTCOMES else "—"])
    print(format_table(rows))


def _show(args: argparse.Namespace) -> int:
    from workstation.services.negotiations import list_negotiations

    db = open_db(args)
    try:
        if args.id is not None:
            _print(db, args.id)
            return 0
        rows = [["#", str(Text("日期", "Date")), str(Text("名称", "Title")), str(Text("建议", "Items")),
                 str(Text("一致", "Agreed")), str(Text("新版病组表", "Adopted as"))]]
        rows += [[str(r["id"]), r["held_on"], r["title"], str(r["items"]), str(r["agreed"]),
                  f"#{r['adopted_version_id']}" if r["adopted_version_id"] else "—"] for r in list_negotiations(db)]
        print(format_table(rows))
        return 0
    finally:
        db.close()


def _minutes(args: argparse.Namespace) -> int:
    from workstation.domain.authority import Action, Facts
    from workstation.reports.negotiation_minutes import write_negotiation_minutes
    from workstation.services.authority import check
    from workstation.services.negotiations import negotiation
    from workstation.services.report_settings import report_settings
    from workstation.store.output_paths import atomic_output, checked_output

    db = open_db(args)
    try:
        checked_output(args.out, db)
        check(db, signed_in(args, db), Action.NEGOTIATION_RECORD, Facts())
        n = negotiation(db, args.id)
        settings = report_settings(db)
        with atomic_output(args.out, db) as path:
            write_negotiation_minutes(n, settings, path)
        print(str(Text("已写出第 {n} 号协商的会议纪要：{out}", "Wrote the minutes of negotiation {n}: {out}").format(
            n=n.id, out=args.out)))
        return 0
    finally:
        db.close()


def _adopt(args: argparse.Namespace) -> int:
    from workstation.services.weight_adoption import adopt_negotiation

    db = open_db(args)
    try:
        outcome = adopt_negotiation(db, signed_in(args, db), args.id, recompute=args.recompute,
                                    control=stderr_progress())
        print("\n".join(outcome.summary_lines()))
        if not args.recompute:
            print(str(Text("结果仍按原表计算；需要时运行 weights recompute。",
                           "Results still follow the previous table; run weights recompute when wanted.")))
        return 0
    finally:
        db.close()


def _recompute(args: argparse.Namespace) -> int:
    from workstation.services.weight_adoption import recompute_results

    db = open_db(args)
    try:
        outcome = recompute_results(db, signed_in(args, db), control=stderr_progress())
        print("\n".join(outcome.summary_lines()))
        return 0
    finally:
        db.close()
