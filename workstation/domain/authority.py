"""Who may do what: one declared table, asked by every service that writes or issues paper.

Every action that changes the store or issues paper is a row of ``GRANTS``: the roles that
may take it by default, the roles a region's rules file may grant it to at most (so no rules
file can hand the rules, the accounts or a signature to an expert), and the facts that guard
it. ``authorize(role, action, facts)`` answers yes, or no with the rule that refused and why;
``require`` raises that answer as an ``AuthorityError``. The services call ``require`` inside
their transaction with the facts they read; the GUI calls ``authorize`` with the same facts to
decide which buttons, menus and fields to show, so both always agree.

A store without accounts (``role is None``, a single desk made from the command line) enforces
no roles, but every fact guard still holds: nobody, with or without accounts, replaces an
expert's own vote, signs their own draft or tops up a decided panel.

The state machine in ``review.workflow`` says *in which order* the steps come; this table
says *who*. Both are asked.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from workstation.domain.accounts import ROLE_NAMES, Role
from workstation.domain.messages import Text, UserError


class Action(StrEnum):
    # reference data and settings (an administrator's)
    IMPORT_BATCH = "batch.import"
    LOAD_GROUPS = "reference.groups"
    LOAD_HOSPITALS = "reference.hospitals"
    LOAD_RULES = "rules.load"
    NOTICE_SETTINGS = "notice.settings"
    MANAGE_USERS = "users.manage"
    LIST_USERS = "users.list"
    MANAGE_EXPERTS = "experts.manage"
    RECOMPUTE = "results.recompute"
    # applications and the review workflow
    SUBMIT_APPLICATION = "application.submit"
    ACCEPT = "review.accept"
    QUOTA_OVERRIDE = "review.quota_override"
    RETURN = "review.return"
    RESUBMIT = "review.resubmit"
    REFUSE = "review.refuse"
    DRAW = "review.draw"
    TOP_UP_DRAW = "review.top_up"
    DECLARE_CONFLICT = "review.conflict"
    CONFLICT_AFTER_VOTES = "review.conflict_after_votes"
    VOTE_OWN = "review.vote_own"
    VOTE_ON_BEHALF = "review.vote_on_behalf"
    CONCLUDE = "review.conclude"
    PROPOSE = "review.propose"
    ANSWER = "review.answer"
    DRAFT = "review.draft"
    SIGN = "review.sign"
    NOTIFY = "review.notify"
    APPEAL = "review.appeal"
    AMEND = "review.amend"
    CLOSE = "review.close"
    # paper and exports
    ISSUE_NOTICE = "notice.issue"
    REPRINT_NOTICE = "notice.reprint"
    PRINT_REPORT = "report.print"
    PRINT_MINUTES = "minutes.print"
    EXPORT_CASES = "export.cases"
    # personal data and views
    VIEW_ALL_CASES = "cases.view_all"
    UNMASK = "personal.unmask"
    # weight recalibration (协商谈判) and the opinion register (意见收集反馈)
    WEIGHTS_PROPOSE = "weights.propose"
    NEGOTIATION_RECORD = "weights.negotiation"
    ADOPT_WEIGHTS = "weights.adopt"
    OPINION_REGISTER = "opinions.register"
    OPINION_ANSWER = "opinions.answer"
    OPINION_PUBLISH = "opinions.publish"

    # expert panel sessions (the votes in them are VOTE_OWN / VOTE_ON_BEHALF)
    PANEL_PLAN = "panel.plan"
    PANEL_CLOSE = "panel.close"

    # offline desktops: backups and review packages (services.backups, services.packages)
    BACKUP = "store.backup"
    RESTORE = "store.restore"
    PACKAGE_EXPORT = "package.export"
    PACKAGE_IMPORT = "package.import"
    RESOLVE_PACKAGE_CONFLICT = "package.resolve"


_ADMIN = frozenset({Role.ADMIN})
_OFFICE = frozenset({Role.REVIEWER, Role.SUPERVISOR})
_SUPERVISOR = frozenset({Role.SUPERVISOR})
_EXPERT = frozenset({Role.EXPERT})
_STAFF = frozenset({Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN})


@dataclass(frozen=True)
class Facts:
    """What a service read before asking. Unset (None) facts are not checked: the GUI may ask
    before it knows everything, the service always asks with what its guard needs."""

    votes_cast: bool | None = None  # any member of the current round has voted
    panel_drawn: bool | None = None  # the current round has a panel
    panel_decided: bool | None = None  # the current round's conclusion is recorded
    member_lost: bool | None = None  # a member of the current round recused or is unavailable
    own_draft: bool | None = None  # the actor drafted the decision to be signed
    own_expert: bool | None = None  # the expert acted for (a vote, a conflict) is the actor
    on_panel: bool | None = None  # that expert sits on the current round, not recused
    vote_entered_by_expert: bool | None = None  # that expert's current vote was entered by the expert
    reason_given: bool | None = None  # a written reason accompanies the action
    over_quota: bool | None = None  # accepting goes beyond the hospital's quota
    settings_complete: bool | None = None  # notice settings (bureau, appeal body) are set
    all_votes_in: bool | None = None  # every member of the current round (not recused) has voted


@dataclass(frozen=True)
class Guard:
    """A fact that must hold, with the rule's name and the refusal's words. ``only_for``: the
    roles the guard binds (None: everyone, also a store without accounts), e.g. an expert
    declares a conflict only for themselves while a reviewer declares one for any expert."""

    rule: str
    holds: Callable[[Facts], bool]
    refusal: Text
    only_for: frozenset[Role] | None = None

    def binds(self, role: Role | None) -> bool:
        return self.only_for is None or (role is not None and role in self.only_for)


def _fact(name: str, wanted: bool) -> Callable[[Facts], bool]:
    def holds(facts: Facts) -> bool:
        value = getattr(facts, name)
        return value is None or value is wanted
    return holds


def _guard(rule: str, name: str, wanted: bool, zh: str, en: str, only_for: frozenset[Role] | None = None) -> Guard:
    return Guard(rule, _fact(name, wanted), Text(zh, en), only_for)


NO_VOTES_YET = _guard("no-votes-yet", "votes_cast", False,
                      "本轮已有专家投票：投票后的回避须由科室负责人写明理由登记。",
                      "experts of this round have voted: a conflict after votes is recorded by a supervisor "
                      "with a written reason")
NOT_DRAWN = _guard("one-panel-per-round", "panel_drawn", False,
                   "本轮评审组已抽取：只有成员回避或不能到会且尚未形成结论时才能补抽。",
                   "this round's panel is drawn: a top-up draw is possible only when a member is lost "
                   "before the panel decides")
MEMBER_LOST = _guard("top-up-only-for-lost-member", "member_lost", True,
                     "评审组没有成员回避或缺席，不能补抽。",
                     "no member of the panel recused or is unavailable: nothing to top up")
NOT_DECIDED = _guard("decided-panel-is-final", "panel_decided", False,
                     "评审组已形成结论，不能再更改。", "the panel has concluded: it cannot be changed")
NOT_OWN_DRAFT = _guard("four-eyes", "own_draft", False,
                       "决定由本人起草，不能由本人签发（四眼原则）：请另一位科室负责人签发。",
                       "you drafted this decision and cannot sign it (four-eyes rule): another supervisor "
                       "must sign it")
OWN_EXPERT = _guard("own-vote-only", "own_expert", True,
                    "专家只能为本人投票或声明本人回避。", "an expert votes and declares conflicts only for themselves")
ON_PANEL = _guard("panel-member", "on_panel", True,
                  "该专家不在本案本轮评审组中（或已回避）。",
                  "that expert is not on this round's panel (or has recused)")
EXPERTS_OWN_VOTE = _guard("vote-belongs-to-expert", "vote_entered_by_expert", False,
                          "该专家已亲自投票：他人不能替换专家本人录入的意见。",
                          "the expert entered this vote themselves: nobody else may replace it")
EXPERT_FOR_THEMSELVES = Guard(OWN_EXPERT.rule, OWN_EXPERT.holds, OWN_EXPERT.refusal, frozenset({Role.EXPERT}))
ALL_VOTES = _guard("all-votes-in", "all_votes_in", True,
                   "评审组还有专家未表决：全部表决后才能汇总。",
                   "not every expert of the panel has voted: conclude once all have")
REASON = _guard("written-reason", "reason_given", True,
                "须填写书面理由。", "a written reason is required")
OVER_QUOTA = _guard("quota-override-only-beyond-quota", "over_quota", True,
                    "未超出名额，无需超额受理。", "the hospital is within its quota: no override is needed")
WITHIN_QUOTA = _guard("quota", "over_quota", False,
                      "超出医院的特例单议名额：须由科室负责人填写理由后超额受理。",
                      "beyond the hospital's quota: a supervisor accepts it with a written reason (override)")
SETTINGS = _guard("notice-settings", "settings_complete", True,
                  "尚未设置告知书的发文机关和复议机关：请管理员先运行 notice-settings。",
                  "the notices' bureau and appeal body are not set: an administrator runs notice-settings first")


@dataclass(frozen=True)
class Grant:
    action: Action
    name: Text
    roles: frozenset[Role]  # who may, by default
    ceiling: frozenset[Role]  # the most a rules file may grant it to
    guards: tuple[Guard, ...] = field(default=())


def _g(action: Action, zh: str, en: str, roles: frozenset[Role], ceiling: frozenset[Role] | None = None,
       *guards: Guard) -> Grant:
    return Grant(action, Text(zh, en), roles, ceiling if ceiling is not None else roles, tuple(guards))


GRANTS: Mapping[Action, Grant] = {g.action: g for g in (
    _g(Action.IMPORT_BATCH, "导入结算批次", "import a settlement batch", _OFFICE, _STAFF),
    _g(Action.LOAD_GROUPS, "载入病组表", "load the DRG group table", _ADMIN),
    _g(Action.LOAD_HOSPITALS, "载入医院表", "load the hospital table", _ADMIN),
    _g(Action.LOAD_RULES, "载入规则文件", "load a rules file", _ADMIN),
    _g(Action.NOTICE_SETTINGS, "修改告知书设置", "change the notice settings", _ADMIN),
    _g(Action.MANAGE_USERS, "管理用户", "manage user accounts", _ADMIN),
    _g(Action.LIST_USERS, "查看用户列表", "list user accounts", _ADMIN),
    _g(Action.MANAGE_EXPERTS, "管理专家库", "manage the expert pool", _ADMIN),
    _g(Action.RECOMPUTE, "重新计算结果", "recompute results", _STAFF),
    _g(Action.SUBMIT_APPLICATION, "登记或导入特例单议申报", "record or import applications", _OFFICE),
    _g(Action.ACCEPT, "受理", "accept", _OFFICE, None, WITHIN_QUOTA),
    _g(Action.QUOTA_OVERRIDE, "超额受理", "accept beyond the quota", _SUPERVISOR, None, REASON, OVER_QUOTA),
    _g(Action.RETURN, "退回补充", "return for supplement", _OFFICE),
    _g(Action.RESUBMIT, "登记医院补充材料", "record the hospital's resubmission", _OFFICE),
    _g(Action.REFUSE, "不予受理", "refuse", _OFFICE),
    _g(Action.DRAW, "抽取评审专家", "draw the expert panel", _OFFICE, None, NOT_DRAWN),
    _g(Action.TOP_UP_DRAW, "补抽评审专家", "top up the expert panel", _OFFICE, None, NOT_DECIDED, MEMBER_LOST,
       REASON),
    _g(Action.DECLARE_CONFLICT, "声明回避", "declare a conflict of interest", _OFFICE | _EXPERT, None,
       EXPERT_FOR_THEMSELVES, NO_VOTES_YET, NOT_DECIDED),
    _g(Action.CONFLICT_AFTER_VOTES, "投票后登记回避", "record a conflict after votes", _SUPERVISOR, None,
       REASON, NOT_DECIDED),
    _g(Action.VOTE_OWN, "专家本人投票", "vote as the expert", _EXPERT, None, NOT_DECIDED, OWN_EXPERT, ON_PANEL),
    _g(Action.VOTE_ON_BEHALF, "代专家录入书面意见", "enter an expert's vote from a signed form", _OFFICE, None,
       NOT_DECIDED, ON_PANEL, EXPERTS_OWN_VOTE),
    _g(Action.CONCLUDE, "汇总评审结论", "conclude the expert review", _OFFICE, None, NOT_DECIDED, ALL_VOTES),
    _g(Action.PROPOSE, "提出协商方案", "make a negotiation proposal", _OFFICE),
    _g(Action.ANSWER, "录入医院答复", "record the hospital's answer", _OFFICE),
    _g(Action.DRAFT, "起草决定", "draft the decision", _OFFICE),
    _g(Action.SIGN, "签发决定", "sign the decision", _SUPERVISOR, None, NOT_OWN_DRAFT),
    _g(Action.NOTIFY, "告知医院", "notify the hospital", _OFFICE),
    _g(Action.APPEAL, "登记申诉", "record an appeal", _OFFICE),
    _g(Action.AMEND, "更正决定", "amend the decision", _OFFICE),
    _g(Action.CLOSE, "办结", "close", _OFFICE),
    _g(Action.ISSUE_NOTICE, "出具告知书（编号）", "issue a numbered notice", _OFFICE, None, SETTINGS),
    _g(Action.REPRINT_NOTICE, "补打告知书", "reprint a notice", _OFFICE),
    _g(Action.PRINT_REPORT, "打印期间报告", "print the period report", _OFFICE, _STAFF),
    _g(Action.PRINT_MINUTES, "打印评审纪要", "print the panel minutes", _OFFICE),
    _g(Action.EXPORT_CASES, "导出病例", "export cases", _OFFICE, _STAFF),
    _g(Action.VIEW_ALL_CASES, "查看全部医院病例", "see every hospital's cases", _STAFF),
    _g(Action.UNMASK, "显示个人信息", "show personal data unmasked", _OFFICE),
    _g(Action.WEIGHTS_PROPOSE, "测算权重调整建议", "compute weight proposals", _OFFICE, _STAFF),
    _g(Action.NEGOTIATION_RECORD, "记录协商谈判", "record a negotiation", _OFFICE),
    _g(Action.ADOPT_WEIGHTS, "按协商结果生成新版病组表", "adopt agreed weights as a new group table", _ADMIN),
    _g(Action.OPINION_REGISTER, "登记医院意见", "register hospitals' opinions", _OFFICE),
    _g(Action.OPINION_ANSWER, "答复医院意见", "answer a hospital's opinion", _OFFICE),
    _g(Action.OPINION_PUBLISH, "公开意见及答复", "publish the opinions and answers", _SUPERVISOR),

    _g(Action.PANEL_PLAN, "安排专家评审会", "plan an expert panel session", _OFFICE),
    _g(Action.PANEL_CLOSE, "结束评审会并出具纪要", "close a panel session and print its minutes", _OFFICE),

    _g(Action.BACKUP, "备份数据库", "back up the database", _OFFICE | _ADMIN),
    _g(Action.RESTORE, "从备份恢复数据库", "restore the database from a backup", _ADMIN),
    _g(Action.PACKAGE_EXPORT, "导出审核包", "export a review package", _OFFICE),
    _g(Action.PACKAGE_IMPORT, "导入审核包", "import a review package", _OFFICE),
    _g(Action.RESOLVE_PACKAGE_CONFLICT, "处理审核包冲突", "resolve a review package conflict", _SUPERVISOR, None,
       REASON),
)}


class AuthorityError(UserError):
    """A refusal by the authority table; ``rule`` names the rule that refused."""

    def __init__(self, action: Action, rule: str, reason: Text):
        self.action, self.rule, self.reason = action, rule, reason
        name = GRANTS[action].name
        stop = Text("。", ".")  # a reason's own full stop, not doubled by the sentence's
        zh, en = reason.zh.rstrip(stop.zh), reason.en.rstrip(stop.en)
        super().__init__(f"不能{name.zh}：{zh}。（规则：{rule}）", f"You may not {name.en}: {en}. (rule: {rule})")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: str = ""
    reason: Text = Text("", "")

    def __bool__(self) -> bool:
        return self.allowed


def _role_list(roles: Iterable[Role]) -> Text:
    return Text("、", ", ").join(ROLE_NAMES[r] for r in sorted(roles))


def authorize(role: Role | str | None, action: Action, facts: Facts = Facts(), *,
              grants: Mapping[Action, frozenset[Role]] | None = None) -> Decision:
    """Whether ``role`` may take ``action`` given ``facts``; when not, the rule and why.

    ``grants`` are the roles per action as the current rules file sets them (``grants_from``);
    the defaults otherwise. ``role`` None: a store without accounts, roles not enforced."""
    grant = GRANTS[action]
    role = Role(role) if role is not None else None
    if role is not None:
        allowed = (grants or {}).get(action, grant.roles)
        if role not in allowed:
            return Decision(False, f"role:{action.value}", Text(
                f"只有{_role_list(allowed).zh}可以办理，当前角色是{ROLE_NAMES[role].zh}",
                f"only a {_role_list(allowed).en} may, and you are signed in as a {ROLE_NAMES[role].en}"))
    for guard in grant.guards:
        if guard.binds(role) and not guard.holds(facts):
            return Decision(False, guard.rule, guard.refusal)
    return Decision(True)


def require(role: Role | str | None, action: Action, facts: Facts = Facts(), *,
            grants: Mapping[Action, frozenset[Role]] | None = None) -> None:
    """``authorize``, raising its refusal as an ``AuthorityError``."""
    decision = authorize(role, action, facts, grants=grants)
    if not decision:
        raise AuthorityError(action, decision.rule, decision.reason)


def grants_from(section: Mapping[str, object] | None) -> dict[Action, frozenset[Role]]:
    """The ``[authority]`` section of a rules file (``"review.draw" = ["reviewer", "supervisor"]``)
    as roles per action; an action it does not name keeps its default. A role beyond the action's
    ceiling, an unknown action or role is refused with the key named."""
    result: dict[Action, frozenset[Role]] = {}
    for key, value in (section or {}).items():
        try:
            action = Action(key)
        except ValueError:
            raise UserError(f"规则文件 [authority] 中的 {key!r} 不是已知的操作。",
                            f"{key!r} in the rules file's [authority] is not a known action.") from None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UserError(f"规则文件 [authority] 中的 {key} 应为角色列表，如 [\"reviewer\"]。",
                            f"{key} in the rules file's [authority] must be a list of roles, e.g. [\"reviewer\"].")
        try:
            roles = frozenset(Role(v.strip().lower()) for v in value)
        except ValueError:
            raise UserError(f"规则文件 [authority] 中的 {key} 含未知角色：{value}。",
                            f"{key} in the rules file's [authority] names an unknown role: {value}.") from None
        if not roles:
            raise UserError(f"规则文件 [authority] 中的 {key!r} 没有任何角色：至少授予一个角色。",
                            f"{key!r} in the rules file's [authority] names no role: grant it to at least one.")
        ceiling = GRANTS[action].ceiling
        if not roles <= ceiling:
            extra = _role_list(roles - ceiling)
            raise UserError(f"规则文件 [authority] 中的 {key!r} 不能把“{GRANTS[action].name.zh}”授予{extra.zh}"
                            f"（最多：{_role_list(ceiling).zh}）。",
                            f"{key!r} in the rules file's [authority] cannot grant “{GRANTS[action].name.en}” to a "
                            f"{extra.en} (at most: {_role_list(ceiling).en}).")
        result[action] = roles
    return result
