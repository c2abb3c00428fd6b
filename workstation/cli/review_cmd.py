"""`users`, `experts`, `applications` and `review`: the special-case workflow from the command line.

Every step calls the same service as the GUI; an illegal step is refused with
the workflow's message (exit 2). Amounts are yuan, as on the forms.
"""
from __future__ import annotations

import argparse
import json
import os

from workstation.cli.batches_cmd import format_table
from workstation.cli.common import open_db
from workstation.cli.signin import PASSWORD_ENV, new_password, signed_in
from workstation.domain.authority import Action, AuthorityError
from workstation.domain.messages import Text, UserError
from workstation.domain.money import MoneyError, fen_to_yuan_text, parse_yuan_to_fen
from workstation.domain.review.policy import REASON_NAMES
from workstation.domain.review.settlement import METHOD_NAMES, Method
from workstation.domain.review.workflow import STATUS_NAMES, Status
from workstation.services import accounts, applications, experts, review
from workstation.services.review import decisions as review_decisions


def _yuan(text: str | None) -> int | None:
    try:
        return parse_yuan_to_fen(text) if text else None
    except MoneyError:
        raise UserError(f"金额 {text!r} 无效：应为元，最多两位小数。",
                        f"Amount {text!r} is not valid: give yuan with at most two decimals.") from None


def _deductions(items: list[str] | None) -> dict[str, int]:
    out = {}
    for item in items or []:
        key, _, amount = item.partition("=")
        fen = _yuan(amount)
        if not key or fen is None:
            raise UserError(f"扣减 {item!r} 应写作 费用列=金额，如 fee_western=300.00。",
                            f"Deduction {item!r} must read column=amount, e.g. fee_western=300.00.")
        out[key.strip()] = fen
    return out


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parsers = []

    def command(parent, name, help_text: Text, func, *arguments):
        p = parent.add_parser(name, help=str(help_text))
        for args, kwargs in arguments:
            p.add_argument(*args, **kwargs)
        p.set_defaults(func=func)
        parsers.append(p)
        return p

    def group(name, help_text: Text):
        p = sub.add_parser(name, help=str(help_text))
        parsers.append(p)
        return p.add_subparsers(dest=f"{name}_command", required=True)

    def a(*args, **kwargs):
        return args, kwargs

    users = group("users", Text("本地账户（管理员）", "local accounts (administrator)"))
    generate = a("--generate", action="store_true", help=str(Text(
        "生成一个随机密码并显示一次（否则在终端输入两次，或取自 $DRG_WORKSTATION_NEW_PASSWORD）",
        "make a random password and show it once (else typed twice, or from $DRG_WORKSTATION_NEW_PASSWORD)")))
    command(users, "add", Text("新建账户（首次登录时须改为自己的密码）", "add an account (it chooses its own password "
                                                               "at the first sign-in)"), _users_add, a("name"),
            a("--role", required=True, help="reviewer | expert | supervisor | admin"), a("--display-name", default=""),
            generate)
    command(users, "list", Text("列出账户（管理员）", "list accounts (administrator)"), _users_list)
    command(users, "disable", Text("停用账户（保留记录）", "disable an account (kept for the record)"), _users_disable,
            a("name"))
    command(users, "unlock", Text("解除因输错密码造成的锁定", "lift a lockout after wrong passwords"), _users_unlock,
            a("name"))
    command(users, "role", Text("更改账户的角色", "change an account's role"), _users_role, a("name"),
            a("--role", required=True, help="reviewer | expert | supervisor | admin"))
    command(users, "passwd", Text("修改自己的密码；管理员给出用户名时重设其密码",
                                  "change your own password; an administrator naming a user resets theirs"),
            _users_passwd, a("name", nargs="?"), generate)

    pool = group("experts", Text("专家库", "the expert pool"))
    command(pool, "add", Text("增加专家", "add an expert"), _experts_add, a("name"), a("--specialty", default=""),
            a("--hospitals", default="", help=str(Text("关联医院编码，以 ; 分隔", "affiliated hospital codes, ';'-separated"))),
            a("--username", default=None))
    command(pool, "list", Text("列出专家", "list experts"), _experts_list)
    command(pool, "load", Text("从 CSV/XLSX 载入专家", "load experts from CSV/XLSX"), _experts_load, a("file"))

    apps = group("applications", Text("特例单议申报", "special-case applications"))
    command(apps, "import", Text("导入医院的申报表", "import a hospital's application file"), _apps_import, a("file"))
    command(apps, "list", Text("列出申报", "list applications"), _apps_list, a("--status", action="append"),
            a("--hospital"), a("--period"), a("--overdue", action="store_true"), a("--over-quota", action="store_true"))

    steps = group("review", Text("特例单议审核的各个步骤", "the steps of a special-case review"))
    app_id = a("application", type=int)
    command(steps, "accept", Text("受理", "accept"), _step(review.accept, override_reason="override"), app_id,
            a("--override", help=str(Text("超出名额时科室负责人填写的理由", "a supervisor's reason to exceed the quota"))))
    command(steps, "return", Text("退回补充", "return for supplement"), _step(review.return_for_supplement, "missing"),
            app_id, a("--missing", required=True))
    command(steps, "resubmit", Text("补充后重新申报", "resubmit after supplement"), _step(review.resubmit, "supplied"),
            app_id, a("--supplied", default=""))
    command(steps, "refuse", Text("不予受理", "refuse"), _step(review.refuse, "reason"), app_id,
            a("--reason", required=True))
    command(steps, "draw", Text("随机抽取专家（随机数由程序产生并记录，任何人不能指定）",
                                "draw experts at random (the program makes and records the seed; nobody chooses it)"),
            _draw, app_id, a("--size", type=int, help=str(Text("人数（不少于规则的评审组人数）",
                                                                "how many (at least the rules' panel size)"))),
            # not an option: asked for, it is refused by name rather than as an unknown argument
            a("--seed", help=argparse.SUPPRESS))
    command(steps, "top-up", Text("补抽专家（成员回避或不能到会，评审组尚未形成结论）",
                                  "top up the panel (a member recused or cannot sit, before it decides)"),
            _top_up, app_id, a("--reason", required=True),
            a("--unavailable", type=int, metavar="EXPERT",
              help=str(Text("登记为不能到会的专家编号（尚未表决）", "the expert who cannot sit (not yet voted)"))))
    command(steps, "replay-draw", Text("按记录复现本申报的每次抽取", "replay every recorded draw of the application"),
            _replay, app_id)
    command(steps, "conflict", Text("登记专家的利益冲突（回避）", "declare an expert's conflict of interest (recusal)"),
            _conflict, app_id, a("--expert", type=int, required=True),
            a("--note", "--reason", dest="note", default="",
              help=str(Text("说明；投票后登记须写明理由", "a note; after votes, the written reason"))))
    command(steps, "vote", Text("录入专家意见", "record an expert's vote"), _vote, app_id,
            a("--expert", type=int, required=True), a("--vote", required=True), a("--comment", default=""))
    command(steps, "conclude", Text("汇总评审结论", "conclude the expert review"), _conclude, app_id)
    terms = (a("--method"), a("--deduct", action="append", metavar="COLUMN=YUAN"), a("--points"), a("--amount"))
    command(steps, "propose", Text("提出协商方案", "make a negotiation proposal"), _propose, app_id, *terms,
            a("--text", default=""))
    command(steps, "answer", Text("录入医院答复", "record the hospital's answer"), _answer, app_id,
            a("--reply", required=True, help="agree | counter | disagree"), a("--text", default=""),
            a("--counter-amount"))
    command(steps, "draft", Text("起草决定", "draft the decision"), _draft(False), app_id, *terms,
            a("--reasons", required=True))
    command(steps, "amend", Text("更正已告知的决定", "amend a notified decision"), _draft(True), app_id, *terms,
            a("--reasons", required=True))
    command(steps, "sign", Text("签发决定（非起草人）", "sign the decision (not its drafter)"),
            _step(review_decisions.sign), app_id)
    command(steps, "notify", Text("告知医院", "notify the hospital"), _step(review_decisions.notify), app_id)
    command(steps, "appeal", Text("录入医院申诉", "record an appeal"), _step(review_decisions.appeal, "grounds"), app_id,
            a("--grounds", required=True))
    command(steps, "close", Text("办结", "close"), _step(review_decisions.close), app_id)
    return parsers


def _status(db, application_id: int) -> None:
    status = Status(review.application(db, application_id)["status"])
    print(str(Text("申报 {id}：{status}", "application {id}: {status}").format(id=application_id,
                                                                          status=STATUS_NAMES[status])))


def _step(service, *text_args: str, **keyword_args: str):
    """A command that calls ``service(db, actor, id, *texts, **keywords)`` and prints the new status."""
    def run(args: argparse.Namespace) -> int:
        db = open_db(args)
        who = signed_in(args, db)
        service(db, who, args.application, *(getattr(args, n) for n in text_args),
                **{k: getattr(args, v) for k, v in keyword_args.items()})
        _status(db, args.application)
        return 0
    return run


def _print_draw(db, draw) -> None:
    names = {e["id"]: e["name"] for e in experts.list_experts(db)}
    print(str(Text("随机种子 {seed}（由程序产生）；可抽取 {n} 位；抽中：{drawn}",
                   "seed {seed} (made by the program); {n} eligible; drawn: {drawn}").format(
        seed=draw.seed, n=len(draw.eligible), drawn=", ".join(f"{i} {names[i]}" for i in draw.drawn))))


def _draw(args: argparse.Namespace) -> int:
    if args.seed is not None:  # before the store is opened: nothing is recorded
        raise AuthorityError(Action.DRAW, "draw-nobody-chooses", Text(
            "随机种子由程序产生并记录，任何人都不能指定，评审组因此不能被挑选",
            "the program makes and records the seed; nobody may give one, so nobody can choose the panel"))
    db = open_db(args)
    _print_draw(db, review.draw_experts(db, signed_in(args, db), args.application, size=args.size))
    return 0


def _top_up(args: argparse.Namespace) -> int:
    db = open_db(args)
    _print_draw(db, review.top_up(db, signed_in(args, db), args.application, reason=args.reason,
                                  unavailable=args.unavailable))
    return 0


def _replay(args: argparse.Namespace) -> int:
    db = open_db(args)
    rows = []
    for row, same in review.replay_draws(db, args.application):
        kind = Text("补抽", "top-up") if row["kind"] == "top_up" else Text("抽取", "draw")
        rows.append([str(row["id"]), str(row["review_round"]), str(kind), row["seed"], row["seed_source"],
                     ",".join(str(e) for e in json.loads(row["drawn"])),
                     str(Text("是", "yes") if same else Text("否", "NO")),
                     row["drawn_at"][:16].replace("T", " "), row["drawn_by"]])
    if not rows:
        print(str(Text("申报 {id} 还没有抽取记录。", "application {id} has no draws yet.").format(id=args.application)))
        return 0
    _print_table(DRAWS_HEADER, rows)
    return 0 if all(r[6] == str(Text("是", "yes")) for r in rows) else 1


def _conflict(args: argparse.Namespace) -> int:
    db = open_db(args)
    review.declare_conflict(db, signed_in(args, db), args.application, args.expert, args.note)
    print(str(Text("专家 {expert} 已就申报 {id} 回避", "expert {expert} recused from application {id}").format(
        expert=args.expert, id=args.application)))
    return 0


def _vote(args: argparse.Namespace) -> int:
    db = open_db(args)
    recorded = review.vote(db, signed_in(args, db), args.application, args.expert, args.vote, args.comment)
    note = Text("（代专家录入书面意见）", " (entered from the expert's signed form)") if recorded.on_behalf else Text("", "")
    print(str(recorded.message()) + str(note))
    print(str(review.current_tally(db, args.application).reason))
    return 0


def _conclude(args: argparse.Namespace) -> int:
    db = open_db(args)
    print(str(review.conclude(db, signed_in(args, db), args.application).reason))
    _status(db, args.application)
    return 0


def _propose(args: argparse.Namespace) -> int:
    db = open_db(args)
    review_decisions.propose(db, signed_in(args, db), args.application, method=args.method or "by_item",
                             deductions=_deductions(args.deduct), points=args.points, amount_fen=_yuan(args.amount),
                             text=args.text)
    _status(db, args.application)
    return 0


def _answer(args: argparse.Namespace) -> int:
    db = open_db(args)
    review_decisions.answer(db, signed_in(args, db), args.application, args.reply, text=args.text,
                            counter_amount_fen=_yuan(args.counter_amount))
    _status(db, args.application)
    return 0


def _draft(amends: bool):
    def run(args: argparse.Namespace) -> int:
        db = open_db(args)
        row = review_decisions.draft(db, signed_in(args, db), args.application, reasons=args.reasons,
                                     method=args.method, deductions=_deductions(args.deduct) if args.deduct else None,
                                     points=args.points, amount_fen=_yuan(args.amount), amends=amends)
        print(str(Text("决定 {id}：{method}，点数 {before} → {points}，支付 {was} → {pay} 元",
                    "decision {id}: {method}, points {before} → {points}, payment {was} → {pay} yuan").format(
            id=row["id"], method=METHOD_NAMES[Method(row["method"])], before=row["before_points"], points=row["points"],
            was=fen_to_yuan_text(row["before_payment_fen"], thousands=True),
            pay=fen_to_yuan_text(row["payment_fen"], thousands=True))))
        _status(db, args.application)
        return 0
    return run


def _users_add(args: argparse.Namespace) -> int:
    db = open_db(args)
    who = signed_in(args, db)
    first = not accounts.sign_in_required(db)
    new, generated = new_password(Text("新账户 {user} 的密码：", "Password for the new account {user}: ").format(
        user=args.name), generate=args.generate)
    _not_the_signers(new, first)
    accounts.add_user(db, who, args.name, args.role, new, display_name=args.display_name,
                      must_change_password=not first)
    print(str(Text("已新建账户 {user}（{role}）", "account {user} added ({role})").format(
        user=args.name, role=accounts.role_name(args.role.strip().lower()))))
    _show_once(args.name, new, generated, first)
    return 0


def _not_the_signers(new: str, first: bool) -> None:
    """An account an administrator makes or resets never gets the administrator's own password."""
    if not first and new == os.environ.get(PASSWORD_ENV):
        raise UserError("新密码不能与您自己的登录密码相同。", "The new password must not be your own sign-in password.")


def _show_once(name: str, new: str, generated: bool, first: bool) -> None:
    if generated:
        print(str(Text("{user} 的密码（只显示这一次，请当面或密封交给本人）：{password}",
                       "The password of {user} (shown this once only; hand it over in person): {password}").format(
            user=name, password=new)))
    if not first:
        print(str(Text("{user} 首次登录后须先用 users passwd 改为自己的密码。",
                       "{user} chooses their own password with `users passwd` before doing anything else.").format(
            user=name)))


USERS_HEADER = (Text("用户名", "user"), Text("角色", "role"), Text("姓名", "name"), Text("状态", "state"),
                Text("最近登录", "last sign-in"))
EXPERTS_HEADER = (Text("编号", "id"), Text("姓名", "name"), Text("专业", "specialty"),
                  Text("所在医院", "hospitals"), Text("状态", "state"))
DRAWS_HEADER = (Text("抽取", "draw"), Text("轮次", "round"), Text("类别", "kind"), Text("随机种子", "seed"),
                Text("种子来源", "seed source"), Text("抽中", "drawn"), Text("可复现", "reproduces"),
                Text("时间", "at"), Text("操作人", "by"))
APPLICATIONS_HEADER = (Text("编号", "id"), Text("医院", "hospital"), Text("就诊ID", "case id"),
                       Text("申报类型", "reason"), Text("状态", "status"), Text("评审周期", "cycle"),
                       Text("标记", "marks"))


def _print_table(header: tuple[Text, ...], rows: list[list[str]]) -> None:
    """Columns aligned for CJK text (two terminal columns a character), with a header row."""
    print(format_table([[str(h) for h in header], *rows]))


def _users_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    rows = []
    for row in accounts.list_users(db, signed_in(args, db)):
        if not row["active"]:
            state = Text("已停用", "disabled")
        elif row["locked"]:
            state = Text("已锁定至 {t}", "locked until {t}").format(t=row["locked_until"][:16].replace("T", " "))
        elif row["must_change_password"]:
            state = Text("待改密码", "to choose a password")
        else:
            state = Text("可用", "active")
        rows.append([row["username"], str(accounts.role_name(row["role"])), row["display_name"] or "", str(state),
                     (row["last_sign_in"] or "")[:16].replace("T", " ")])
    _print_table(USERS_HEADER, rows)
    return 0


def _users_disable(args: argparse.Namespace) -> int:
    db = open_db(args)
    accounts.disable_user(db, signed_in(args, db), args.name)
    print(str(Text("已停用账户 {user}", "account {user} disabled").format(user=args.name)))
    return 0


def _users_unlock(args: argparse.Namespace) -> int:
    db = open_db(args)
    accounts.unlock_user(db, signed_in(args, db), args.name)
    print(str(Text("已解除 {user} 的锁定", "account {user} unlocked").format(user=args.name)))
    return 0


def _users_role(args: argparse.Namespace) -> int:
    db = open_db(args)
    accounts.set_role(db, signed_in(args, db), args.name, args.role)
    print(str(Text("{user} 的角色改为 {role}", "{user} is now {role}").format(
        user=args.name, role=accounts.role_name(args.role.strip().lower()))))
    return 0


def _users_passwd(args: argparse.Namespace) -> int:
    db = open_db(args)
    if not accounts.sign_in_required(db):
        raise UserError("此数据库没有账户，无需密码。", "This database has no accounts, so there is no password to change.")
    own = args.name is None or args.name.strip().lower() == (getattr(args, "user", None) or "").strip().lower()
    who = signed_in(args, db, choosing_own_password=own)
    if own:
        if args.generate:
            raise UserError("--generate 用于管理员重设他人的密码；请自己输入新密码。",
                            "--generate is for an administrator resetting another's password; type your own.")
        new, _ = new_password(Text("{user} 的新密码：", "New password for {user}: ").format(user=who.name))
        accounts.change_password(db, who, who.name, new)
        print(str(Text("{user} 的密码已更改", "the password of {user} was changed").format(user=who.name)))
        return 0
    new, generated = new_password(Text("{user} 的新密码：", "New password for {user}: ").format(user=args.name),
                                  generate=args.generate)
    _not_the_signers(new, False)
    accounts.change_password(db, who, args.name, new)
    print(str(Text("已重设 {user} 的密码", "the password of {user} was reset").format(user=args.name)))
    _show_once(args.name, new, generated, False)
    return 0


def _experts_add(args: argparse.Namespace) -> int:
    db = open_db(args)
    expert_id = experts.add_expert(db, signed_in(args, db), args.name, specialty=args.specialty,
                                   hospital_codes=args.hospitals, username=args.username)
    print(str(Text("专家编号 {id}", "expert {id}").format(id=expert_id)))
    return 0


def _experts_list(args: argparse.Namespace) -> int:
    _print_table(EXPERTS_HEADER, [
        [str(e["id"]), e["name"], e["specialty"] or "", e["hospital_codes"] or "",
         str(Text("可用", "active") if e["active"] else Text("已停用", "inactive"))]
        for e in experts.list_experts(open_db(args))])
    return 0


def _experts_load(args: argparse.Namespace) -> int:
    db = open_db(args)
    ids = experts.load_experts(db, signed_in(args, db), args.file)
    print(str(Text("已载入 {n} 位专家", "{n} experts loaded").format(n=len(ids))))
    return 0


def _apps_import(args: argparse.Namespace) -> int:
    db = open_db(args)
    result = applications.import_applications(db, args.file, actor=signed_in(args, db))
    print(str(result.summary()))
    return 0


def _apps_list(args: argparse.Namespace) -> int:
    rows = applications.list_applications(open_db(args), applications.ApplicationFilter(
        statuses=tuple(args.status or ()), hospital_code=args.hospital, period=args.period,
        overdue_only=args.overdue, over_quota_only=args.over_quota))
    table = []
    for r in rows:
        marks = " ".join(str(m) for m, on in ((Text("逾期", "overdue"), r["overdue"]),
                                              (Text("超名额", "over quota"), r["over_quota"])) if on)
        table.append([str(r["id"]), r["hospital_code"], r["case_id"], str(REASON_NAMES.get(r["reason"], r["reason"])),
                      str(STATUS_NAMES[Status(r["status"])]), r["cycle"], marks])
    _print_table(APPLICATIONS_HEADER, table)
    return 0
