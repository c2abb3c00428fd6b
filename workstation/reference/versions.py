"""Versioned reference tables: what a load reports, and how a new version becomes current.

A load never overwrites: it adds a ``reference_versions`` row, marks it current
and the previous one not current, so every table a user ever loaded stays in
the database and the audit log says which replaced which.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.messages import Text, language
from workstation.store.audit import now_iso

CHANGES_CAP = 50  # codes listed per kind of change in an audit event


@dataclass(frozen=True)
class RejectedRow:
    source_row: int  # as a spreadsheet shows it (header = row 1 when it is the first row)
    code: str
    reason: Text

    def __str__(self) -> str:
        code = f" {self.code}" if self.code else ""
        if language() == "en":
            return f"row {self.source_row}{code}: {self.reason}"
        return f"第 {self.source_row} 行{code}：{self.reason}"


@dataclass
class ReferenceLoadResult:
    """What loading a group or hospital table did; the CLI and the GUI both show it."""

    kind: str  # groups | hospitals
    version_id: int
    previous_version_id: int | None
    source: str
    label: str | None
    rows_read: int
    rows_loaded: int
    rejected: list[RejectedRow] = field(default_factory=list)
    not_payable: list[str] = field(default_factory=list)  # groups paid by item (text weight)
    not_payable_notes: dict[str, str] = field(default_factory=dict)  # code -> the text
    without_weight: list[str] = field(default_factory=list)  # groups whose benchmark is computed
    cost_column: str | None = None  # the column taken as avg cost
    notes: list[Text] = field(default_factory=list)  # choices made that the user should know
    added: int = 0
    removed: int = 0
    changed: int = 0
    defaulted: list[str] = field(default_factory=list)  # hospitals given the default coefficient

    @property
    def rows_rejected(self) -> int:
        return len(self.rejected)

    def summary_lines(self) -> list[str]:
        """The summary a user reads after a load, in the current language."""
        en = language() == "en"
        what = ("groups" if self.kind == "groups" else "hospitals") if en else \
            ("病组" if self.kind == "groups" else "家机构")
        lines = [f"Loaded version #{self.version_id}: {self.rows_loaded} {what} of {self.rows_read} rows read"
                 if en else f"已载入第 {self.version_id} 版：读取 {self.rows_read} 行，载入 {self.rows_loaded} {what}"]
        if self.label:
            lines.append(f"  {'label' if en else '标签'}: {self.label}")
        if self.previous_version_id is not None:
            lines.append(
                f"  replaces version #{self.previous_version_id}: {self.added} added, {self.removed} removed,"
                f" {self.changed} changed" if en else
                f"  替换第 {self.previous_version_id} 版：新增 {self.added}，删除 {self.removed}，变更 {self.changed}")
        for note in self.notes:
            lines.append(f"  {note}")
        if self.not_payable:
            lines.append(f"  not paid by DRG (paid by item), {len(self.not_payable)}: "
                         if en else f"  不按 DRG 付费（按项目付费）{len(self.not_payable)} 组：")
            lines.append("    " + _codes(self.not_payable, self.not_payable_notes))
        if self.without_weight:
            lines.append(f"  no weight given, benchmark computed from the period's cases, "
                         f"{len(self.without_weight)}: " if en else
                         f"  未给出权重（按本期病例测算基准）{len(self.without_weight)} 组：")
            lines.append("    " + ", ".join(self.without_weight[:40]) + (" …" if len(self.without_weight) > 40 else ""))
        if self.defaulted:
            lines.append(f"  no coefficient given, 1.0 used: {len(self.defaulted)}" if en
                         else f"  未给出差异系数、按 1.0 计：{len(self.defaulted)} 家")
        if self.rejected:
            lines.append(f"  rejected rows: {len(self.rejected)}" if en else f"  拒收行：{len(self.rejected)}")
            lines.extend(f"    {row}" for row in self.rejected[:100])
            if len(self.rejected) > 100:
                lines.append(f"    … {len(self.rejected) - 100} more" if en else f"    …… 另有 {len(self.rejected) - 100} 行")
        return lines


def _codes(codes: list[str], notes: dict[str, str]) -> str:
    by_note: dict[str, list[str]] = {}
    for code in codes:
        by_note.setdefault(notes.get(code, ""), []).append(code)
    parts = []
    for note, group in by_note.items():
        shown = ", ".join(group[:40]) + (" …" if len(group) > 40 else "")
        parts.append(f"{note}: {shown}" if note else shown)
    return "; ".join(parts)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def current_version(db: Database, kind: str) -> dict | None:
    return next(db.query("SELECT * FROM reference_versions WHERE kind = ? AND is_current = 1"
                         " ORDER BY id DESC LIMIT 1", [kind]), None)


def add_version(db: Database, *, kind: str, source: str, sha256: str, label: str | None,
                rows: int, rows_rejected: int, actor: str) -> int:
    """Insert a version and make it the only current one of its kind. Call inside a transaction."""
    db.execute("UPDATE reference_versions SET is_current = 0 WHERE kind = ? AND is_current = 1", [kind])
    table = db["reference_versions"]
    table.insert({"kind": kind, "source": source, "file_sha256": sha256, "label": label,
                  "loaded_at": now_iso(), "loaded_by": actor, "rows": rows,
                  "rows_rejected": rows_rejected, "is_current": 1})
    return table.last_pk


def version_summary(version: dict | None) -> dict | None:
    if version is None:
        return None
    return {key: version[key] for key in ("id", "source", "label", "file_sha256", "rows", "rows_rejected",
                                          "loaded_at", "loaded_by")}


def diff_tables(before: dict[str, tuple], after: dict[str, tuple]) -> dict:
    """Codes added, removed and changed between two versions, each list capped for the audit log."""
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(code for code in set(before) & set(after) if before[code] != after[code])
    return {
        "added_count": len(added), "added": added[:CHANGES_CAP],
        "removed_count": len(removed), "removed": removed[:CHANGES_CAP],
        "changed_count": len(changed),
        "changed": [{"code": c, "before": list(before[c]), "after": list(after[c])} for c in changed[:CHANGES_CAP]],
    }
