"""The rules in force as a readable table of parameter -> value (no Qt).

A rule set is stored as TOML text. The table flattens it to dotted parameter
names and takes each parameter's explanation from the comment written above it
(or after it) in the bundled default file, where the administrator documented it.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from sqlite_utils import Database

from workstation.paths import resource

DEFAULT_RULES = ("rules", "default.toml")
_SECTION = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*("?[\w.-]+"?)\s*=\s*(.*)$')


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
        return RuleSetInfo(path.stem, f"bundled: {path.name}", "", "", None, path.read_text(encoding="utf-8"))
    return None


def explanations(toml_text: str) -> dict[str, str]:
    """Parameter -> the comment above it (or on its line) in a TOML file."""
    found: dict[str, str] = {}
    section = ""
    pending: list[str] = []
    for line in toml_text.splitlines():
        stripped = line.strip()
        if not stripped:
            pending = []
            continue
        if stripped.startswith("#"):
            pending.append(stripped.lstrip("#").strip())
            continue
        match = _SECTION.match(line)
        if match:
            section = match.group(1).replace('"', "")
            pending = []
            continue
        match = _KEY.match(line)
        if match:
            key = match.group(1).strip('"')
            inline = match.group(2).partition(" #")[2].strip()  # a "#" inside a value is rare here
            text = " ".join(p for p in pending if p) or inline
            if text:
                found[f"{section}.{key}" if section else key] = text
            pending = []
    return found


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        separator = "; " if any(isinstance(v, dict) for v in value) else ", "
        return separator.join(_value_text(v) if v != "" else '""' for v in value)  # "" = an empty code
    if isinstance(value, dict):
        return ", ".join(f"{k} = {_value_text(v)}" for k, v in value.items())
    return str(value)


def _flatten(table: dict, prefix: str = "") -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = []
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            rows.extend(_flatten(value, name))
        else:
            rows.append((name, value))
    return rows


def rule_rows(info: RuleSetInfo) -> list[RuleRow]:
    """The parameters of a rule set, in file order, with their explanations."""
    try:
        table = tomllib.loads(info.content)
    except tomllib.TOMLDecodeError:
        return [RuleRow("(content)", info.content[:500], "")]
    notes = {}
    default_path = resource(*DEFAULT_RULES)
    if default_path.exists():
        notes.update(explanations(default_path.read_text(encoding="utf-8")))
    notes.update(explanations(info.content))
    return [RuleRow(name, _value_text(value), notes.get(name, "")) for name, value in _flatten(table)]
