"""The printed papers' settings: every regional wording of a notice, and the signing certificate.

They live in the store (``report_settings``, schema 0014: one row per key) so every workstation
of a bureau that shares the file prints the same letterhead; a change is an audit event like any
reference data. A key ending in ``_en`` is the English wording of the key before it (an English
notice uses it, else the Chinese one, a proper name). Until an administrator has set the bureau
and the appeal body themselves (the migration's placeholders "××市医疗保障局" do not count),
no notice is issued (authority rule ``notice-settings``).

The certificate: only where its file is and its SHA-256 fingerprint are kept; the passphrase is
asked whenever a PDF is signed and never stored (``reports.signing``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from workstation.domain.authority import Action, Facts
from workstation.domain.messages import Text, UserError
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.store import audit

DEFAULT_NUMBER_FORMAT = "{区划简称}医保特议〔{年}〕{序号}号"
PLACEHOLDER_BY = "migration 0014"  # the rows the migration wrote: placeholders, not a bureau's settings
MAX_LENGTH = 500

KEYS = {
    "bureau_name": Text("发文机关（医保局名称）", "issuing bureau"),
    "region_short": Text("区划简称（文号用，如“云”）", "region's short name (in the number, e.g. 云)"),
    "number_format": Text("文号格式", "notice number format"),
    "appeal_body": Text("受理申诉的部门", "where appeals are lodged"),
    "appeal_channel": Text("申诉方式（地址、窗口或邮寄）", "how to appeal (address, counter or post)"),
    "review_body": Text("行政复议机关", "body for administrative reconsideration"),
    "court": Text("行政诉讼的人民法院", "court for administrative litigation"),
    "basis": Text("政策依据（文件名称、文号）", "policy basis (documents)"),
    "contact": Text("联系人", "contact person"),
    "phone": Text("联系电话", "contact phone"),
    "copy_to": Text("抄送", "copy to"),
    "verify_at": Text("核验方式（窗口或电话）", "where to verify a notice (counter or phone)"),
    "notice_series": Text("（旧）文号字样", "(old) number series word"),
    "certificate_path": Text("签名证书文件", "signing certificate file"),
    "certificate_sha256": Text("签名证书指纹（SHA-256）", "signing certificate fingerprint (SHA-256)"),
}
ENGLISH_KEYS = ("bureau_name", "appeal_body", "appeal_channel", "review_body", "court", "basis", "contact",
                "copy_to", "verify_at")
REQUIRED = ("bureau_name", "appeal_body")


@dataclass(frozen=True)
class ReportSettings:
    bureau_name: str = ""
    region_short: str = ""
    number_format: str = DEFAULT_NUMBER_FORMAT
    appeal_body: str = ""
    appeal_channel: str = ""
    review_body: str = ""
    court: str = ""
    basis: str = ""
    contact: str = ""
    phone: str = ""
    copy_to: str = ""
    verify_at: str = ""
    notice_series: str = ""
    certificate_path: str = ""
    certificate_sha256: str = ""
    english: dict[str, str] = field(default_factory=dict)
    complete: bool = False  # the bureau and the appeal body set by an administrator

    def wording(self, key: str, lang: str | None) -> str:
        """A setting in the notice's language: the English wording where one is set."""
        if lang == "en" and self.english.get(key):
            return self.english[key]
        return str(getattr(self, key))

    @property
    def signed(self) -> bool:
        return bool(self.certificate_path)


def report_settings(db: Database) -> ReportSettings:
    rows = {k: (v, by) for k, v, by in db.execute("SELECT key, value, updated_by FROM report_settings")}
    values = {key: rows[key][0] for key in KEYS if key in rows}
    if not values.get("number_format"):
        values["number_format"] = DEFAULT_NUMBER_FORMAT
    english = {key: rows[f"{key}_en"][0] for key in ENGLISH_KEYS if f"{key}_en" in rows}
    complete = all(key in rows and rows[key][1] != PLACEHOLDER_BY and rows[key][0].strip() for key in REQUIRED)
    return ReportSettings(**values, english=english, complete=complete)


def placeholder_keys(db: Database) -> frozenset[str]:
    """The settings still holding the migration's placeholder (××市医疗保障局): not a bureau's."""
    return frozenset(k for (k,) in db.execute("SELECT key FROM report_settings WHERE updated_by = ?", [PLACEHOLDER_BY]))


def setting_name(key: str) -> Text:
    if key.endswith("_en") and key[:-3] in ENGLISH_KEYS:
        return KEYS[key[:-3]] + Text("（英文）", " (English)")
    return KEYS[key]


def set_report_setting(db: Database, actor: Actor, key: str, value: str) -> None:
    set_report_settings(db, actor, {key: value})


def set_report_settings(db: Database, actor: Actor, changes: dict[str, str]) -> None:
    """Several settings in one transaction, each change its own audit event. An empty value
    clears an optional setting; the bureau and the appeal body cannot be emptied."""
    known = {*KEYS, *(f"{k}_en" for k in ENGLISH_KEYS)}
    for key, value in changes.items():
        if key not in known:
            raise UserError(f"未知的设置项 {key!r}。", f"Unknown setting {key!r}.")
        name = setting_name(key)
        if key in REQUIRED and not (value or "").strip():
            raise UserError(f"“{name.zh}”不能为空。", f"The {name.en} cannot be empty.")
        if len((value or "").strip()) > MAX_LENGTH:
            raise UserError(f"“{name.zh}”不能超过 {MAX_LENGTH} 个字符。",
                            f"The {name.en} cannot be longer than {MAX_LENGTH} characters.")
        if key == "number_format" and value.strip() and "{序号}" not in value and "{number}" not in value:
            raise UserError("文号格式须含 {序号}（如 {区划简称}医保特议〔{年}〕{序号}号）。",
                            "The number format must hold {序号} (e.g. {区划简称}医保特议〔{年}〕{序号}号).")
    with db.atomic():
        check(db, actor, Action.NOTICE_SETTINGS, Facts())
        for key, raw in changes.items():
            value = (raw or "").strip()
            before = db.execute("SELECT value FROM report_settings WHERE key = ?", [key]).fetchone()
            if not value:
                db.execute("DELETE FROM report_settings WHERE key = ?", [key])
            else:
                db.execute("INSERT INTO report_settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)"
                           " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                           " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                           [key, value, audit.now_iso(), actor.name])
            audit.record(db, actor=actor.name, action="settings.report", entity="report_settings", entity_id=key,
                         before={"value": before[0]} if before else None, after={"value": value} if value else None)


def format_number(settings: ReportSettings, year: int, number: int) -> tuple[str, str]:
    """The notice number (机关代字〔年〕序号, GB/T 9704: no 第, no padding) and its series — the
    format with the region filled in, whose counter it takes."""
    template = settings.number_format or DEFAULT_NUMBER_FORMAT
    series = template.replace("{区划简称}", settings.region_short).replace("{region}", settings.region_short)
    text = series.replace("{年}", str(year)).replace("{year}", str(year))
    text = text.replace("{序号}", str(number)).replace("{number}", str(number))
    return text, series
