"""`notice`, `notices`, `verify-notice` and `notice-settings`: the printed case notices.

`notice --preview` draws a 样稿 / DRAFT with no number and takes nothing; `notice` issues (the
number is committed once the PDF is written) or reprints. `verify-notice CODE` prints what the
paper should say and exits 1 when the database no longer agrees with it or it was replaced.
"""
from __future__ import annotations

import argparse
import getpass
import io
import os

from sqlite_utils import Database

from workstation.cli.common import open_db, stderr_progress
from workstation.cli.signin import signed_in
from workstation.cli.summary_cmd import period_argument
from workstation.domain.messages import Text, language
from workstation.reports.signing import PASSWORD_VARIABLE, SigningKey, check_key, fingerprint
from workstation.services import notices
from workstation.services.notice_verify import verify_notice
from workstation.services.report_settings import (
    ENGLISH_KEYS,
    KEYS,
    placeholder_keys,
    report_settings,
    set_report_settings,
)
from workstation.store.output_paths import checked_output

# option -> setting key; every regional wording of a notice is a setting
OPTIONS = {"bureau": "bureau_name", "region_short": "region_short", "number_format": "number_format",
           "appeal_body": "appeal_body", "appeal_channel": "appeal_channel", "review_body": "review_body",
           "court": "court", "basis": "basis", "contact": "contact", "phone": "phone", "copy_to": "copy_to",
           "verify_at": "verify_at"}


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    one = sub.add_parser("notice", help=str(Text("出具（或预览）一件申报的审核结果告知书（PDF）",
                                                 "issue (or preview) an application's notice of decision (PDF)")),
                         description=str(Text(
                             "为申报当前有效的（最近一次签发的）决定出具告知书：取下一个文号（如 云医保特议〔2026〕1号），PDF 写出后\n"
                             "才提交文号；再次打印为补打，内容不变。--preview 只画样稿（无文号、带“样稿”水印），不取号。",
                             "Issues the notice of the application's current (latest signed) decision: the next number\n"
                             "(e.g. 云医保特议〔2026〕1号) is committed only once the PDF is written; printing again is a\n"
                             "reprint of the same content. --preview draws a draft (no number, DRAFT watermark), taking\n"
                             "nothing.")),
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    one.add_argument("--application", type=int, required=True, metavar="ID",
                     help=str(Text("特例单议申报编号", "the special-case application's id")))
    one.add_argument("--out", required=True, metavar="F.pdf", help=str(Text("输出的 PDF 文件", "the PDF to write")))
    one.add_argument("--preview", action="store_true", help=str(Text("只出样稿：无文号，不记录", "a draft only: no number, "
                                                                      "nothing recorded")))
    one.set_defaults(func=_notice)

    many = sub.add_parser("notices", help=str(Text("出具一个结算期的全部现行告知书，每件一个 PDF",
                                                   "issue every current notice of a period, one PDF each")))
    many.add_argument("--period", required=True, metavar="P", help=str(Text("结算期，例如 2024-03", "period, e.g. 2024-03")))
    many.add_argument("--out", required=True, metavar="DIR", help=str(Text("输出文件夹", "folder to write to")))
    many.set_defaults(func=_notices)

    check = sub.add_parser("verify-notice", help=str(Text("核验告知书上的校验码", "check a notice's verification code")),
                           description=str(Text(
                               "列出告知书应载明的内容以便逐行核对，并核对数据库是否仍与告知书一致；不一致或已被取代时退出码为 1。",
                               "Prints what the notice should say, to compare line by line, and whether the database\n"
                               "still agrees with it; exits 1 when it does not or when the notice was replaced.")),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("code", help=str(Text("告知书页脚或二维码中的校验码", "the code in the notice's footer or QR code")))
    check.set_defaults(func=_verify)

    settings = sub.add_parser("notice-settings", help=str(Text("告知书的发文机关、文号、依据、联系人、救济途径和签名证书",
                                                               "the notices' bureau, number, basis, contact, remedies "
                                                               "and signing certificate")),
                              description=str(Text(
                                  "不带选项时列出当前设置。设置发文机关（--bureau）和申诉部门（--appeal-body）之前不能出具告知书。\n"
                                  "文号格式默认 {区划简称}医保特议〔{年}〕{序号}号。空字符串清除一项可选设置。",
                                  "Without options, lists the settings. No notice is issued before the bureau (--bureau)\n"
                                  "and the appeal body (--appeal-body) are set. The number format defaults to\n"
                                  "{区划简称}医保特议〔{年}〕{序号}号. An empty string clears an optional setting.")),
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    for option, key in OPTIONS.items():
        settings.add_argument(f"--{option.replace('_', '-')}", dest=option, metavar="TEXT", help=str(KEYS[key]))
        if key in ENGLISH_KEYS:
            settings.add_argument(f"--{option.replace('_', '-')}-en", dest=f"{option}_en", metavar="TEXT",
                                  help=str(KEYS[key] + Text("（英文告知书用）", " (for English notices)")))
    settings.add_argument("--certificate", metavar="F.p12", help=str(Text(
        "签名证书（PKCS#12）：此后出具的告知书、纪要和报告均加数字签名；口令在签名时询问或取自 "
        f"{PASSWORD_VARIABLE}，从不保存；空字符串取消", "the signing certificate (PKCS#12): notices, minutes and reports "
        f"are then digitally signed; the passphrase is asked or read from {PASSWORD_VARIABLE} when signing, never "
        "stored; an empty string removes it")))
    settings.set_defaults(func=_settings)
    return [one, many, check, settings]


def signing_key(db: Database, reason: str = "") -> SigningKey | None:
    """The certificate to sign with, when the settings name one; the passphrase from the
    environment or a prompt (never stored)."""
    settings = report_settings(db)
    if not settings.certificate_path:
        return None
    passphrase = os.environ.get(PASSWORD_VARIABLE)
    if passphrase is None:
        try:
            passphrase = getpass.getpass(str(Text("签名证书 {path} 的口令：", "Passphrase of the signing certificate {path}: ")
                                             .format(path=settings.certificate_path)))
        except (EOFError, OSError):
            passphrase = ""
    key = SigningKey(settings.certificate_path, passphrase.encode("utf-8"), reason)
    check_key(key, settings.certificate_sha256)
    return key


def _notice(args: argparse.Namespace) -> int:
    from workstation.reports.batch import notice_writer
    from workstation.reports.notice import write_notice
    from workstation.reports.signing import write_file

    db = open_db(args)
    try:
        decision = notices.latest_signed_decision(db, args.application)
        if args.preview:
            checked_output(args.out, db)
            draft = notices.preview_notice(db, decision, actor=signed_in(args, db))
            data = io.BytesIO()
            write_notice(draft if draft.draft else _as_draft(draft), data, lang=language())
            write_file(args.out, data.getvalue())
            print(str(Text("已写出告知书样稿（未编号，未记录）：{out}", "Wrote a draft of the notice (not numbered, nothing "
                           "recorded): {out}").format(out=args.out)))
            return 0
        who = signed_in(args, db)
        checked_output(args.out, db)  # the database, a folder, a device: refused before a number is used up
        key = signing_key(db, str(Text("特例单议审核结果告知书", "Special-case review notice")))
        notice = notices.issue_notice(db, who, decision, write=notice_writer(args.out, lang=language(), key=key))
        print(str(Text("已写出告知书 {no}（校验码 {code}{signed}）：{out}", "Wrote notice {no} (verification code {code}"
                       "{signed}): {out}").format(no=notice.notice_no, code=notice.verification_code, out=args.out,
                                                 signed=Text("，已数字签名", ", digitally signed") if key else Text("", ""))))
        return 0
    finally:
        db.close()


def _as_draft(notice: notices.NoticeData) -> notices.NoticeData:
    """An issued notice previewed: drawn as a draft all the same (a preview never passes for paper)."""
    from dataclasses import replace

    return replace(notice, draft=True, notice_no="")


def _notices(args: argparse.Namespace) -> int:
    from workstation.reports.batch import print_period_notices

    period = period_argument(args.period)
    assert period is not None
    db = open_db(args)
    try:
        who = signed_in(args, db)
        result = print_period_notices(stderr_progress(), db, who, period, args.out,
                                      key=signing_key(db, str(Text("特例单议审核结果告知书", "Special-case review notice"))))
    finally:
        db.close()
    print(str(Text("已写出 {n} 份告知书到 {out}", "Wrote {n} notice to {out}" if result.written == 1 else
                   "Wrote {n} notices to {out}").format(n=result.written, out=args.out)))
    for decision, app, replaced_by in result.skipped:
        print(str(Text("  跳过决定 {d}（申报 {a}）：已被决定 {r} 取代，不出具告知书",
                       "  skipped decision {d} (application {a}): replaced by decision {r}, no notice").format(
            d=decision, a=app, r=replaced_by)))
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
        changes = {}
        for option, key in OPTIONS.items():
            if getattr(args, option) is not None:
                changes[key] = getattr(args, option)
            if key in ENGLISH_KEYS and getattr(args, f"{option}_en") is not None:
                changes[f"{key}_en"] = getattr(args, f"{option}_en")
        if args.certificate is not None:
            if args.certificate.strip():
                path = os.path.abspath(args.certificate)
                passphrase = os.environ.get(PASSWORD_VARIABLE)
                if passphrase is None:
                    passphrase = getpass.getpass(str(Text("证书口令（只用于检查，不保存）：",
                                                          "Certificate passphrase (checked, not stored): ")))
                check_key(SigningKey(path, passphrase.encode("utf-8")))
                changes["certificate_path"], changes["certificate_sha256"] = path, fingerprint(path)
            else:
                changes["certificate_path"] = changes["certificate_sha256"] = ""
        if changes:
            set_report_settings(db, signed_in(args, db), changes)
        current, placeholders = report_settings(db), placeholder_keys(db)
        for key, name in KEYS.items():
            if key == "notice_series":
                continue
            value = getattr(current, key)
            if key in placeholders:  # the migration's stand-in, shown on drafts only
                value = str(Text("未设置（样稿显示“{v}”）", "not set (drafts show “{v}”)").format(v=value))
            if key == "certificate_path" and not value:
                value = str(Text("未设置：告知书、纪要和报告不加数字签名", "not set: notices, minutes and reports are not "
                                 "digitally signed"))
            print(f"{name}: {value}")
            if key in current.english:
                print(f"{name}{Text('（英文）', ' (English)')}: {current.english[key]}")
        if not current.complete:
            print(str(Text("注意：尚未设置发文机关和申诉部门，不能出具告知书（notice-settings --bureau … --appeal-body …）。",
                           "Note: the bureau and the appeal body are not set; no notice can be issued "
                           "(notice-settings --bureau … --appeal-body …).")))
        return 0
    finally:
        db.close()

