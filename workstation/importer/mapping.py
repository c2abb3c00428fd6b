"""Which source column holds which case field, and saved column-mapping profiles.

A mapping is ``{source header: canonical key or None}``; None keeps the column
as extra data (cases.extra). The automatic mapping comes from
``workstation.domain.fields.canonical_key``; a profile or an explicit map (the
CLI's ``--map``, the import dialog) overrides it header by header.
"""
from __future__ import annotations

import json

from sqlite_utils import Database

from workstation.domain.fields import FIELDS_BY_KEY, REQUIRED_KEYS, canonical_key
from workstation.domain.messages import Text, UserError
from workstation.store import audit

ColumnMap = dict[str, str | None]


def target_key(value: str | None) -> str | None:
    """The canonical key a map entry names: a key, a Chinese header or an alias; blank = extra."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    key = text if text in FIELDS_BY_KEY else canonical_key(text)
    if key is None:
        raise UserError(
            f"列对应关系中的字段“{text}”不存在。可用的字段如 case_id（就诊ID）、total_cost（医疗总费用）。",
            f"the field \"{text}\" in the column map does not exist. Use keys such as case_id "
            "(就诊ID) or total_cost (医疗总费用).")
    return key


def parse_map_options(items: list[str] | None) -> ColumnMap:
    """``["源表头=case_id", ...]`` (the CLI's --map) -> a column map."""
    result: ColumnMap = {}
    for item in items or []:
        if "=" not in item:
            raise UserError(f"--map “{item}” 的格式应为 “源表头=字段”，例如 “住院流水号=case_id”。",
                            f"--map \"{item}\" must look like \"source header=field\", e.g. "
                            "\"住院流水号=case_id\".")
        header, _, key = item.rpartition("=")
        result[header.strip()] = target_key(key)
    return result


def resolve_mapping(headers: list[str], overrides: ColumnMap | None = None) -> ColumnMap:
    """Map every source header; the first column claiming a field wins, later ones stay extra."""
    overrides = {str(k).strip(): target_key(v) for k, v in (overrides or {}).items()}
    mapping: ColumnMap = {}
    taken: set[str] = set()
    for header in headers:
        key = overrides[header] if header in overrides else canonical_key(header)
        if key is not None and key in taken:
            key = None
        if key is not None:
            taken.add(key)
        mapping[header] = key
    return mapping


def header_score(row: list[str], overrides: ColumnMap | None = None) -> int:
    """How many distinct known fields a candidate header row names."""
    overrides = overrides or {}
    keys = set()
    for cell in row:
        text = str(cell).strip()
        key = overrides.get(text) if text in overrides else canonical_key(text)
        if key:
            keys.add(key)
    return len(keys)


def missing_required(mapping: ColumnMap) -> list[str]:
    present = set(v for v in mapping.values() if v)
    return [key for key in REQUIRED_KEYS if key not in present]


def describe_missing(keys: list[str]) -> tuple[str, str]:
    names = [Text("“{zh}”", "{zh} ({key})").format(zh=FIELDS_BY_KEY[k].zh, key=k) for k in keys]
    comma = Text("、", ", ")
    return comma.zh.join(n.zh for n in names), comma.en.join(n.en for n in names)


# --- profiles ------------------------------------------------------------------

def save_profile(db: Database, name: str, column_map: ColumnMap, *, actor: str) -> None:
    """Save (or replace) a named column mapping; recorded in the audit log."""
    name = str(name).strip()
    if not name:
        raise UserError("导入方案需要一个名称。", "An import profile needs a name.")
    clean = {str(k).strip(): target_key(v) for k, v in column_map.items()}
    before = load_profile(db, name) if _exists(db, name) else None
    with db.atomic():
        db.table("import_profiles").upsert(
            {"name": name, "column_map": json.dumps(clean, ensure_ascii=False),
             "saved_at": audit.now_iso(), "saved_by": actor}, pk="name")
        audit.record(db, actor=actor, action="profile.save", entity="import_profile", entity_id=name,
                     before=before, after=clean)


def _exists(db: Database, name: str) -> bool:
    return db.execute("SELECT 1 FROM import_profiles WHERE name = ?", [name]).fetchone() is not None


def load_profile(db: Database, name: str) -> ColumnMap:
    row = db.execute("SELECT column_map FROM import_profiles WHERE name = ?", [name]).fetchone()
    if row is None:
        raise UserError(f"没有名为“{name}”的导入方案。已保存的方案：{'、'.join(list_profiles(db)) or '（无）'}。",
                        f"there is no import profile named \"{name}\". Saved profiles: "
                        f"{', '.join(list_profiles(db)) or '(none)'}.")
    return json.loads(row[0])


def list_profiles(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM import_profiles ORDER BY name")]
