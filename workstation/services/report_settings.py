"""The printed reports' settings: the bureau's name, the notice number series, where to appeal.

They live in the store (``report_settings``, schema 0014) so every workstation of a bureau that
shares the file prints the same letterhead; a change is an audit event like any reference data.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from workstation.domain.authority import Action
from workstation.domain.bounds import SETTING, check_texts
from workstation.domain.messages import Text, UserError
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.store import audit

KEYS = {
    "bureau_name": Text("医保局名称", "bureau name"),
    "notice_series": Text("告知书文号字样（如“特议”）", "notice number series word (e.g. 特议)"),
    "appeal_body": Text("受理申诉的部门", "where appeals are lodged"),
}


@dataclass(frozen=True)
class ReportSettings:
    bureau_name: str
    notice_series: str
    appeal_body: str


def report_settings(db: Database) -> ReportSettings:
    values = dict(db.execute("SELECT key, value FROM report_settings").fetchall())
    return ReportSettings(**{key: values.get(key, "") for key in KEYS})


def set_report_setting(db: Database, actor: Actor, key: str, value: str) -> None:
    check_texts((SETTING, value))  # the limits of domain.bounds, named when refused
    if key not in KEYS:
        raise UserError(f"未知的设置项 {key!r}。", f"Unknown setting {key!r}.")
    value = (value or "").strip()
    if not value:
        raise UserError(f"“{KEYS[key].zh}”不能为空。", f"The {KEYS[key].en} cannot be empty.")
    with db.atomic():
        check(db, actor, Action.NOTICE_SETTINGS)
        before = db.execute("SELECT value FROM report_settings WHERE key = ?", [key]).fetchone()
        db.execute("INSERT INTO report_settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)"
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,"
                   " updated_by = excluded.updated_by", [key, value, audit.now_iso(), actor.name])
        audit.record(db, actor=actor.name, action="settings.report", entity="report_settings", entity_id=key,
                     before={"value": before[0]} if before else None, after={"value": value})
