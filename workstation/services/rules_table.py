"""The rules in force as a readable table of parameter -> value -> meaning (no Qt).

A rule set is stored as TOML text without comments. Each parameter's meaning comes
from the domain's table (``workstation.domain.rule_descriptions``) in the language of
the interface, and values that are lists or tiers are written out as a reader says them.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlite_utils import Database

from workstation.domain.fields import DISCHARGE_MODE_NAMES
from workstation.domain.messages import Text, language
from workstation.domain.rule_descriptions import PERIOD_PREFIX, description_text
from workstation.paths import resource

DEFAULT_RULES = ("rules", "default.toml")

_OUTLIER_NAMES = {"UNGROUPED": Text("未入组", ""), "HIGH": Text("高倍率", ""), "LOW": Text("低倍率", ""),
                  "INCOMPLETE": Text("住院过程不完整", "")}  # English says the code alone
_BASES = {"base_points": Text("按病组基准点数分档", "by tiers of base points"),
          "hospital_level": Text("按医院级别", "by hospital level")}
_MULTIPLES = {"low.multiple", "high.by_level.level_3", "high.by_level.level_2", "high.by_level.level_1",
              "high.by_level.unknown"}
# key -> the unit written after a single value
_UNITS = {"long_stay.days": Text("天", "days"), "readmission.window_days": Text("天", "days"),
          "small_group.min_cases": Text("例", "cases"), "points.decimals": Text("位小数", "decimals"),
          "fee_mismatch.tolerance": Text("元", "yuan"), "overall_avg_cost.value": Text("元", "yuan"),
          "point_value.default": Text("元/点", "yuan per point")}
_COMMA, _SEMICOLON = Text("、", ", "), Text("；", "; ")


def _say(text: Text, en: bool) -> str:
    return text.en if en else text.zh


@dataclass(frozen=True)
class RuleSetInfo:
    name: str
    source: str
    loaded_at: str
    loaded_by: str
    ruleset_id: int | None  # None: the bundled default, not yet used by a computation
    content: str


@dataclass(frozen=True)
class RuleRow:
    parameter: str
    value: str
    explanation: str


def rules_in_force(db: Database) -> RuleSetInfo | None:
    row = next(db.query("SELECT id, name, source, loaded_at, loaded_by, content FROM rulesets"
                        " WHERE is_current = 1 ORDER BY id DESC LIMIT 1"), None)
    if row is not None:
        return RuleSetInfo(row["name"], row["source"], row["loaded_at"], row["loaded_by"], row["id"],
                           row["content"])
    path = resource(*DEFAULT_RULES)
    if path.exists():
        return RuleSetInfo(path.stem, path.name, "", "", None, path.read_text(encoding="utf-8"))
    return None


def _plain(value: object, en: bool) -> str:
    if isinstance(value, bool):
        return _say(Text("是", "yes") if value else Text("否", "no"), en)
    if isinstance(value, list):
        return _say(_COMMA, en).join(_plain(v, en) if v != "" else _say(Text("（空）", "(empty)"), en)
                                     for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} = {_plain(v, en)}" for k, v in value.items())
    return str(value)


def _tiers_text(tiers: list, en: bool) -> str:
    """``≤100 点：3.0 倍；100–300 点：2.0 倍；>300 点：1.5 倍`` (bounds inclusive, as the engine reads them)."""
    parts, previous = [], None
    for tier in tiers:
        if not isinstance(tier, dict):
            return _plain(tiers, en)
        up_to, multiple = tier.get("up_to"), tier.get("multiple", "")
        if up_to is None:
            span = (f">{previous}" if previous is not None else _say(Text("全部", "all"), en))
        else:
            span = f"{previous}–{up_to}" if previous is not None else f"≤{up_to}"
        parts.append(_say(Text("{span} 点：{multiple} 倍", "{span} points: {multiple}×").format(
            span=span, multiple=multiple), en))
        previous = up_to
    return _say(_SEMICOLON, en).join(parts)


def _share_text(value: object, en: bool) -> str:
    try:
        percent = (Decimal(str(value)) * 100).normalize()
    except InvalidOperation:
        return str(value)
    return _say(Text(f"{value}（{percent:f}%）", f"{value} ({percent:f}%)"), en)


def value_text(key: str, value: object, lang: str | None = None) -> str:
    """A rules value as a reader of ``lang`` (default: the interface's language) says it; "" = not set."""
    en = (lang or language()) == "en"
    if value == "" or value == {}:
        return ""
    if key == "high.tiers" and isinstance(value, list):
        return _tiers_text(value, en)
    if key == "high.basis" and value in _BASES:
        return _say(Text("{basis}（{value}）", "{basis} ({value})").format(basis=_BASES[value], value=value), en)
    if key in _MULTIPLES:
        return _say(Text(f"{value} 倍", f"{value}×"), en)
    if key == "special_case.cap":
        return _share_text(value, en)
    if key == "incomplete.discharge_modes" and isinstance(value, list):
        return _say(_COMMA, en).join(
            f"{m} {_say(DISCHARGE_MODE_NAMES[m], en) if m in DISCHARGE_MODE_NAMES else ''}".strip()
            if isinstance(m, int) else str(m)
                                     for m in value)
    if key == "precedence.order" and isinstance(value, list):
        return " → ".join(f"{_say(_OUTLIER_NAMES.get(c, Text('', '')), en)} {c}".strip() for c in value)
    unit = _UNITS.get(key) or (_UNITS["point_value.default"] if key.startswith(PERIOD_PREFIX) else None)
    if unit and not isinstance(value, (list, dict, bool)):
        return f"{value} {_say(unit, en)}"
    return _plain(value, en)


def _flatten(table: dict, prefix: str = "") -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = []
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            rows.extend(_flatten(value, name))
        else:  # an empty table (no period point values) is still a parameter the reader should see
            rows.append((name, value))
    return rows


def rule_rows(info: RuleSetInfo, lang: str | None = None) -> list[RuleRow]:
    """The parameters of a rule set, in file order, with their values and meanings in ``lang``."""
    try:
        table = tomllib.loads(info.content)
    except tomllib.TOMLDecodeError:
        return [RuleRow("(content)", info.content[:500], "")]
    return [RuleRow(name, value_text(name, value, lang), description_text(name, lang))
            for name, value in _flatten(table)]
