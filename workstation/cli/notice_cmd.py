"""`notice`, `notices`, `verify-notice` and `notice-settings`: the printed case notices.

A notice gets its number the first time it is printed (services.notices); printing it again
gives the same paper. `verify-notice CODE` exits 1 when the database no longer agrees with it.
"""
from __future__ import annotations

import argparse

from workstation.cli.common import open_db, stderr_progress
from workstation.cli.signin import signed_in
from workstation.cli.summary_cmd import period_argument
from workstation.domain.messages import Text
from workstation.services import notices
from workstation.services.notice_verify import verify_notice
from workstation.services.report_settings import KEYS, report_settings, set_report_setting
from workstation.store.db import writing
from workstation.store.output_paths import atomic_output, checked_output


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    one = sub.add_parser("notice", help=str(Text("打印一件申报的审核结果告知书（PDF）",
                                                 "print an application's notice of decision (PDF)")),
                         description=str(Text(
                             "为申报最近一次签发的决定出具告知书。首次打印时按设置中的文号字样取号（如〔2025〕特议第0001号），\n"
                             "文号不重复使用；再次打印得到同一份告知书。",
                             "Prints the notice of the application's latest signed decision. The first printing takes\n"
                             "the next number of the series in the settings (e.g. 〔2025〕特议第0001号); numbers are never\n"
                             "reused, and printing again gives the same notice.")),
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    one.add_argument("--application", type=int, required=True, metavar="ID",
                     help=str(Text("特例单议申报编号", "the special-case application's id")))
    one.add_argument("--out", required=True, metavar="F.pdf", help=str(Text("输出的 PDF 文件", "the PDF to write")))
    one.set_defaults(func=_notice)

    many = sub.add_parser("notices", help=str(Text("打印一个结算期的全部告知书，每件一个 PDF",
                                                   "print every notice of a period, one PDF each")))
    many.add_argument("--period", required=True, metavar="P", help=str(Text("结算期，例如 2024-03", "period, e.g. 2024-03")))
    many.add_argument("--out", required=True, metavar="DIR", help=str(Text("输出文件夹", "folder to write to")))
    many.set_defaults(func=_notices)

    check = sub.add_parser("verify-notice", help=str(Text("核验告知书上的校验码", "check a notice's verification code")),
                           description=str(Text(
                               "说明校验码属于哪件申报的哪项决定，并核对数据库是否仍与告知书一致；不一致时退出码为 1。",
                               "Says which decision a verification code belongs to and whether the database still\n"
                               "agrees with the notice; exits 1 when it does not.")),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("code", help=str(Text("告知书页脚或二维码中的校验码", "the code in the notice's footer or QR code")))
    check.set_defaults(func=_verify)

    settings = sub.add_parser("notice-settings", help=str(Text("告知书的医保局名称、文号字样和申诉部门",
                                                               "the notices' bureau name, number series and appeal body")))
    settings.add_argument("--bureau", help=str(KEYS["bureau_name"]))
    settings.add_argument("--series", help=str(KEYS["notice_series"]))
    settings.add_argument("--appeal-body", help=str(KEYS["appeal_body"]))
    settings.set_defaults(func=_settings)
    return [one, many, check, settings]


def _notice(args: argparse.Namespace) -> int:
    from workstation.reports.notice import write_notice

    db = open_db(args)
    try:
        who = signed_in(args, db)
        out = checked_output(args.out, db)  # before a number is used up
        with writing(db):  # the number and its event are committed only once the PDF is written
            notice = notices.issue_notice(db, who, notices.latest_signed_decision(db, args.application))
            with atomic_output(out, db) as temporary:
                write_notice(notice, temporary)
        print(str(Text("已写出告知书 {no}（校验码 {code}）：{out}", "Wrote notice {no} (verification code {code}): {out}")
                  .format(no=notice.notice_no, code=notice.verification_code, out=args.out)))
        return 0
    finally:
        db.close()


def _notices(args: argparse.Namespace) -> int:
    from workstation.reports.batch import print_period_notices

    period = period_argument(args.period)
    assert period is not None
    db = open_db(args)
    try:
        written = print_period_notices(stderr_progress(), db, signed_in(args, db), period, args.out)
    finally:
        db.close()
    print(str(Text("已写出 {n} 份告知书到 {out}", "Wrote {n} notices to {out}").format(n=written, out=args.out)))
    return 0


def _verify(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        result = verify_notice(db, args.code)
        print(str(result.report()))
        return 0 if result.agrees else 1
    finally:
        db.close()


def _settings(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        changes = {"bureau_name": args.bureau, "notice_series": args.series, "appeal_body": args.appeal_body}
        if any(v is not None for v in changes.values()):
            who = signed_in(args, db)
            for key, value in changes.items():
                if value is not None:
                    set_report_setting(db, who, key, value)
        current = report_settings(db)
        for key, name in KEYS.items():
            print(f"{name}: {getattr(current, key)}")
        return 0
    finally:
        db.close()
