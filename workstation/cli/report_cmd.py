"""`report`, `minutes` and `export-summary`: the period summary (PDF), the review minutes (PDF)
and the summary workbook (XLSX), from the same service results the GUI shows."""
from __future__ import annotations

import argparse
import io

from workstation.cli.common import open_db
from workstation.cli.signin import signed_in
from workstation.cli.summary_cmd import period_argument
from workstation.domain.authority import Action, Facts
from workstation.domain.messages import Text, UserError, language
from workstation.services.authority import check
from workstation.services.report_settings import report_settings
from workstation.store.output_paths import atomic_output, checked_output


def _periods(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", metavar="P", help=str(Text("结算期，例如 2024-03（默认：最近一期）",
                                                               "period, e.g. 2024-03 (default: the latest)")))
    parser.add_argument("--from", dest="first", metavar="P", help=str(Text("起始结算期（含）", "first period (inclusive)")))
    parser.add_argument("--to", dest="last", metavar="P", help=str(Text("截止结算期（含）", "last period (inclusive)")))


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    report = sub.add_parser("report", help=str(Text("结算期汇总报告（PDF，含图表）", "period summary report (PDF, with charts)")),
                            description=str(Text(
                                "全局和各机构：病例、各类异常病例、特例单议申报与名额、CMI、特例单议决定前后的点数与预估支付、结算率。\n"
                                "尚无决定时只报告异常病例情况。",
                                "Bureau-wide and per hospital: cases, outliers by type, special-case applications against\n"
                                "the quota, CMI, points and estimated payment before and after the decisions, settlement\n"
                                "ratio. With no decisions yet it reports the outliers alone.")),
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    _periods(report)
    report.add_argument("--out", required=True, metavar="F.pdf", help=str(Text("输出的 PDF 文件", "the PDF to write")))
    report.set_defaults(func=_report)

    minutes = sub.add_parser("minutes", help=str(Text("专家评审会议纪要（PDF，盲审）", "minutes of the expert review (PDF, blinded)")))
    minutes.add_argument("--cycle", required=True, metavar="C",
                         help=str(Text("评审周期，例如 2024-03 或 2024Q1", "review cycle, e.g. 2024-03 or 2024Q1")))
    minutes.add_argument("--out", required=True, metavar="F.pdf", help=str(Text("输出的 PDF 文件", "the PDF to write")))
    minutes.set_defaults(func=_minutes)

    workbook = sub.add_parser("export-summary", help=str(Text("汇总表导出为 Excel（可按机构附病例清单）",
                                                              "the summary as an Excel workbook (a hospital's cases with it)")))
    _periods(workbook)
    workbook.add_argument("--hospital", metavar="CODE",
                          help=str(Text("只导出该机构，并附其病例清单", "only this hospital, with a sheet of its cases")))
    workbook.add_argument("--out", required=True, metavar="F.xlsx", help=str(Text("输出的 XLSX 文件", "the XLSX to write")))
    workbook.set_defaults(func=_export)
    return [report, minutes, workbook]


def _chosen(db, args: argparse.Namespace) -> list[str]:
    from workstation.services.period_report import choose_periods

    return choose_periods(db, period_argument(args.period), period_argument(args.first), period_argument(args.last))


def _paper(args: argparse.Namespace, db, action: Action, reason: str):
    """Who prints (the authority's print actions) and the signing key when a certificate is set."""
    from workstation.cli.notice_cmd import signing_key

    who = signed_in(args, db)
    check(db, who, action, Facts())
    return who, signing_key(db, reason)


def _report(args: argparse.Namespace) -> int:
    from workstation.reports.period import write_period_report
    from workstation.reports.signing import finish
    from workstation.services.audit_trail import short_head
    from workstation.services.period_report import period_report

    db = open_db(args)
    try:
        checked_output(args.out, db)
        _, key = _paper(args, db, Action.PRINT_REPORT, str(Text("DRG 付费及特例单议情况汇总表", "DRG period summary")))
        report = period_report(db, _chosen(db, args), first=period_argument(args.first) or period_argument(args.period),
                               last=period_argument(args.last) or period_argument(args.period))
        data = io.BytesIO()
        write_period_report(report, report_settings(db), data, lang=language(), audit_head=short_head(db))
        finish(data.getvalue(), args.out, key)
        print(str(Text("已写出结算期 {label} 的汇总报告：{out}", "Wrote the summary of {label}: {out}").format(
            label=report.label, out=args.out)))
        return 0
    finally:
        db.close()


def _minutes(args: argparse.Namespace) -> int:
    from workstation.reports.minutes import write_minutes
    from workstation.reports.signing import finish
    from workstation.services.audit_trail import short_head
    from workstation.services.minutes import review_minutes

    db = open_db(args)
    try:
        checked_output(args.out, db)
        _, key = _paper(args, db, Action.PRINT_MINUTES, str(Text("特例单议专家评审会议纪要", "Expert panel minutes")))
        minutes = review_minutes(db, args.cycle.strip())
        data = io.BytesIO()
        write_minutes(minutes, report_settings(db), data, lang=language(), audit_head=short_head(db))
        finish(data.getvalue(), args.out, key)
        print(str(Text("已写出评审周期 {cycle} 的会议纪要（{n} 件）：{out}", "Wrote the minutes of cycle {cycle} ({n} cases): {out}")
                  .format(cycle=minutes.cycle, n=len({c.application_id for c in minutes.cases}), out=args.out)))
        return 0
    finally:
        db.close()


def _export(args: argparse.Namespace) -> int:
    from workstation.reports.workbook import write_summary_workbook
    from workstation.services.hospital_cases import hospital_cases
    from workstation.services.period_report import period_report

    db = open_db(args)
    try:
        checked_output(args.out, db)
        if not str(args.out).lower().endswith(".xlsx"):
            raise UserError("请用 .xlsx 作为输出文件的扩展名。", "Give the output file the extension .xlsx.")
        periods = _chosen(db, args)
        report = period_report(db, periods)
        cases = []
        if args.hospital:
            if not any(h.hospital_code == args.hospital for h in report.hospitals):
                raise UserError(f"所选结算期没有机构 {args.hospital} 的病例。",
                                f"Hospital {args.hospital} has no cases in the periods chosen.")
            cases = hospital_cases(db, args.hospital, periods, language())
        with atomic_output(args.out, db) as temporary:
            write_summary_workbook(report, temporary, cases=cases, hospital=args.hospital)
        count = 1 if args.hospital else len(report.hospitals)
        print(str(Text("已写出 {out}（{n} 家机构{more}）", "Wrote {out} ({n} hospital{more})" if count == 1 else
                       "Wrote {out} ({n} hospitals{more})").format(
            out=args.out, n=count,
            more=Text("，{n} 个病例", ", {n} case" if len(cases) == 1 else ", {n} cases").format(n=len(cases))
            if args.hospital else Text("", ""))))
        return 0
    finally:
        db.close()
