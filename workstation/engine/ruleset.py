"""Rule sets in the store: loading a region's rules file, and the rules in force.

Each load is kept in ``rulesets`` (the merged rules as TOML text, exactly as
used) and one is current; results store the id of the rule set they were
computed with. Loading is an audit event with the changed parameters.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from workstation.domain.messages import UserError
from workstation.domain.rules import (
    DEFAULT_RULES_PATH,
    Rules,
    default_document,
    merge_rules,
    parse_toml_text,
    rules_from_document,
)
from workstation.engine.toml_text import dumps
from workstation.paths import bundled_source
from workstation.store import audit

BUNDLED_SOURCE = bundled_source("resources/rules/default.toml")

# Names a region file that does not name itself. Stored in the rules and the audit log: a name
# is data, the same whichever language the session that loaded it spoke.
UNNAMED_SUFFIX = "（在默认规则上修改 / over the defaults）"


@dataclass(frozen=True)
class RulesLoad:
    ruleset_id: int
    name: str
    source: str
    changed: dict[str, tuple[Any, Any]]  # dotted key -> (before, after)


def _flatten(doc: dict, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in doc.items():
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"找不到规则文件 {path}，请检查路径。",
                        f"Rules file {path} not found; check the path.") from None
    except OSError as exc:
        raise UserError(f"无法读取规则文件 {path}：{exc}。", f"Cannot read rules file {path}: {exc}.") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(f"规则文件 {path} 不是 UTF-8 或 GB18030 文本，请另存为 UTF-8。",
                    f"Rules file {path} is neither UTF-8 nor GB18030 text; save it as UTF-8.")


def _current_row(db: Database) -> dict | None:
    rows = list(db.query("SELECT * FROM rulesets WHERE is_current = 1 ORDER BY id DESC LIMIT 1"))
    return rows[0] if rows else None


def _insert(db: Database, doc: dict, source: str, actor: str) -> int:
    content = dumps(doc)
    db.execute("UPDATE rulesets SET is_current = 0 WHERE is_current = 1")
    cursor = db.execute(
        "INSERT INTO rulesets (name, source, sha256, content, loaded_at, loaded_by, is_current)"
        " VALUES (?, ?, ?, ?, ?, ?, 1)",
        (doc["ruleset"]["name"], source, hashlib.sha256(content.encode("utf-8")).hexdigest(), content,
         audit.now_iso(), actor))
    assert cursor.lastrowid is not None, "an INSERT sets lastrowid"
    return cursor.lastrowid


def load_rules_file(db: Database, path: str | os.PathLike, *, actor: str) -> RulesLoad:
    """Merge a region's rules file over the bundled defaults, validate it and make it current.

    A bad file raises a UserError naming the key and the bad value, and
    changes nothing.
    """
    path = Path(path)
    override = parse_toml_text(_read_text(path), str(path))
    merged = merge_rules(default_document(), override)
    if "name" not in override.get("ruleset", {}):
        # A region file that does not name itself must not pass for the bundled defaults.
        merged["ruleset"]["name"] = path.stem + UNNAMED_SUFFIX
    rules = rules_from_document(merged)  # validates before anything is written
    _check_review_and_authority(merged, rules)
    current = _current_row(db)
    before_doc = parse_toml_text(current["content"], "rulesets") if current else default_document()
    before_flat, after_flat = _flatten(before_doc), _flatten(merged)
    changed = {key: (before_flat.get(key), after_flat.get(key))
               for key in sorted(set(before_flat) | set(after_flat))
               if before_flat.get(key) != after_flat.get(key)}
    with db.atomic():
        ruleset_id = _insert(db, merged, str(path), actor)
        audit.record(db, actor=actor, action="rules.load", entity="rulesets", entity_id=ruleset_id,
                     before={"ruleset_id": current["id"] if current else None,
                             "name": before_doc["ruleset"]["name"],
                             "changed": {k: b for k, (b, _) in changed.items()}},
                     after={"ruleset_id": ruleset_id, "name": rules.name, "source": str(path),
                            "changed": {k: a for k, (_, a) in changed.items()}})
    return RulesLoad(ruleset_id, rules.name, str(path), changed)


def _check_review_and_authority(doc: dict, rules: Rules) -> None:
    """The [review] policy (panel size, majority, appeal days within their bounds) and the
    [authority] grants (each within its action's ceiling) are checked at loading: a file that
    breaks them is refused, naming the key, before it is in force."""
    from workstation.domain.authority import grants_from
    from workstation.domain.review.policy import review_policy

    review_policy(rules)
    section = doc.get("authority")
    if section is not None and not isinstance(section, dict):
        raise UserError("规则文件的 [authority] 应为表。", "The rules file's [authority] must be a table.")
    grants_from(section)


def current_rules(db: Database) -> Rules:
    """The rules in force (the bundled default when none was ever loaded). Writes nothing."""
    row = _current_row(db)
    if row is None:
        return rules_from_document(default_document())
    return _rules_of_text(row["content"], f"rulesets #{row['id']}")


@lru_cache(maxsize=4)
def _rules_of_text(content: str, source: str) -> Rules:
    """Parsed once per stored text: every workflow step reads the rules, and parsing the
    TOML took 4 ms each time (half the time of the demo's pre-filled workflow)."""
    return rules_from_document(parse_toml_text(content, source))


def current_ruleset(db: Database, *, actor: str) -> tuple[int, Rules]:
    """The current rule set's id and rules; on first use the bundled default is recorded
    (with its audit event) so every result names the rules it was computed with."""
    row = _current_row(db)
    if row is None:
        doc = default_document()
        with db.atomic():
            ruleset_id = _insert(db, doc, BUNDLED_SOURCE, actor)
            audit.record(db, actor=actor, action="rules.load", entity="rulesets", entity_id=ruleset_id,
                         before=None, after={"ruleset_id": ruleset_id, "name": doc["ruleset"]["name"],
                                             "source": BUNDLED_SOURCE})
        return ruleset_id, rules_from_document(doc)
    return row["id"], rules_from_document(parse_toml_text(row["content"], f"rulesets #{row['id']}"))


def current_rules_text(db: Database) -> str:
    row = _current_row(db)
    return row["content"] if row else DEFAULT_RULES_PATH.read_text(encoding="utf-8")


def rules_of(db: Database, ruleset_id: int | None) -> Rules:
    """The rules a result was computed with (``case_results.ruleset_id``), e.g. to explain its flags
    with ``domain.flags.explain(..., rules=rules_of(db, result["ruleset_id"]))``."""
    row = db.execute("SELECT content FROM rulesets WHERE id = ?", [ruleset_id]).fetchone() if ruleset_id else None
    if row is None:
        return current_rules(db)
    return _parsed(row[0])


@lru_cache(maxsize=16)
def _parsed(content: str) -> Rules:
    return rules_from_document(parse_toml_text(content, "rulesets"))
