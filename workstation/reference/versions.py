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

from workstation.domain.messages import Text
from workstation.store.audit import now_iso

CHANGES_CAP = 50  # codes listed per kind of change in an audit event


@dataclass(frozen=True)
class RejectedRow:
    source_row: int  # as a spreadsheet shows it (header = row 1 when it is the first row)
    code: str
    reason: Text

    @property
    def text(self) -> Text:
        code = f" {self.code}" if self.code else ""
        return Text("第 {row} 行{code}：", "row {row}{code}: ").format(row=self.source_row, code=code) + self.reason

    def __str__(self) -> str:
        return str(self.text)


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
    columns_placed: list[tuple[str, Text]] = field(default_factory=list)  # (header, what it serves)
    columns_left_out: list[tuple[str, Text]] = field(default_factory=list)  # (header, why)
    rounded: list[tuple[str, str, str, int]] = field(default_factory=list)  # (code, column, text, fen)
    states: dict[str, list[str]] = field(default_factory=dict)  # odd-row state -> codes
    attributes: dict[str, list[str]] = field(default_factory=dict)  # attribute -> codes
    accepted_partial: bool = False  # more rows refused than the rules allow, loaded on the user's word

    @property
    def rows_rejected(self) -> int:
        return len(self.rejected)

    def summary_lines(self) -> list[str]:
        """The summary a user reads after a load, in the current language."""
        what = Text("病组", "groups") if self.kind == "groups" else Text("家机构", "hospitals")
        lines: list[Text | str] = [Text("已载入第 {version} 版：读取 {read} 行，载入 {loaded} {what}",
                      "Loaded version #{version}: {loaded} {what} of {read} rows read").format(
            version=self.version_id, read=self.rows_read, loaded=self.rows_loaded, what=what)]
        if self.label:
            lines.append(Text("  标签: {label}", "  label: {label}").format(label=self.label))
        if self.previous_version_id is not None:
            lines.append(Text("  替换第 {previous} 版：新增 {added}，删除 {removed}，变更 {changed}",
                              "  replaces version #{previous}: {added} added, {removed} removed, {changed} changed"
                              ).format(previous=self.previous_version_id, added=self.added, removed=self.removed,
                                       changed=self.changed))
        for note in self.notes:
            lines.append(f"  {note}")
        if self.accepted_partial:
            lines.append(Text("  按 --accept-partial 部分载入：拒收 {n} 行（已记入审计日志）",
                              "  loaded in part (--accept-partial): {n} rows refused (audited)").format(
                n=len(self.rejected)))
        lines.extend(self._column_lines())
        lines.extend(self._group_lines())
        if self.not_payable:
            lines.append(Text("  不按 DRG 付费（按项目付费）{n} 组：", "  not paid by DRG (paid by item), {n}: ").format(
                n=len(self.not_payable)))
            lines.append("    " + _codes(self.not_payable, self.not_payable_notes))
        # Groups with no payment data at all have a line of their own (_group_lines).
        without = [c for c in self.without_weight if c not in set(self.states.get("no_payment_data", ()))]
        if without:
            lines.append(Text("  未给出权重（按本期病例测算基准）{n} 组：",
                              "  no weight given, benchmark computed from the period's cases, {n}: ").format(
                n=len(without)))
            lines.append("    " + ", ".join(without[:40]) + (" …" if len(without) > 40 else ""))
        if self.defaulted:
            lines.append(Text("  未给出差异系数、按 1.0 计：{n} 家", "  no coefficient given, 1.0 used: {n}").format(
                n=len(self.defaulted)))
        if self.rejected:
            lines.append(Text("  拒收行：{n}", "  rejected rows: {n}").format(n=len(self.rejected)))
            lines.extend(f"    {row}" for row in self.rejected[:100])
            if len(self.rejected) > 100:
                lines.append(Text("    …… 另有 {n} 行", "    … {n} more").format(n=len(self.rejected) - 100))
        return [str(line) for line in lines]


    def _column_lines(self) -> list[Text | str]:
        lines: list[Text | str] = []
        if self.cost_column and not self.columns_placed:
            lines.append(Text("  支付标准列：{c}", "  payment standard column: {c}").format(c=self.cost_column))
        for header, what in self.columns_placed:
            lines.append(Text("  列“{h}”：", "  column \"{h}\": ").format(h=header) + what)
        for header, why in self.columns_left_out:
            lines.append(Text("  未采用的列“{h}”：", "  column left out \"{h}\": ").format(h=header) + why)
        if self.rounded:
            shown = "; ".join(f"{code} {text} → {fen // 100}.{fen % 100:02d}" for code, _, text, fen in self.rounded[:5])
            lines.append(Text("  支付标准超过两位小数、四舍五入到分：{n} 处（原值保留），如 ",
                              "  payment standards with more than 2 decimals rounded half-up to the fen: {n} "
                              "(the exact value is kept), e.g. ").format(n=len(self.rounded)) + shown)
        return lines

    def _group_lines(self) -> list[Text | str]:
        names = {"ungrouped_row": Text("未入组病例行（0/未入组，保留其权重；未入组病例仍按规则处理）",
                                       "row for ungrouped cases (0/未入组; its weight is kept, ungrouped cases "
                                       "follow the rules)"),
                 "not_paid": Text("权重或支付标准为 0，该病组不按 DRG 付费", "weight or standard 0: not paid by DRG"),
                 "no_payment_data": Text("无任何支付数据（基准按本期病例测算）",
                                         "no payment data at all (benchmark from the period's cases)"),
                 "base_group": Text("基础病组", "base groups (基础病组)"),
                 "unstable": Text("不稳定病组", "unstable groups (不稳定病组)"),
                 "tcm_advantage": Text("中医优势病组", "TCM-advantage groups (中医优势病组)"),
                 "single_review": Text("单议病组（病例进入审核队列）", "single-review groups (cases go to the review queue)")}
        lines: list[Text | str] = []
        for key, codes in [*self.states.items(), *self.attributes.items()]:
            shown = ", ".join(codes[:40]) + (" …" if len(codes) > 40 else "")
            lines.append(Text("  ", "  ") + names.get(key, Text(key, key)) + Text(" {n} 组：", ", {n}: ").format(
                n=len(codes)) + shown)
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
    table = db.table("reference_versions")
    table.insert({"kind": kind, "source": source, "file_sha256": sha256, "label": label,
                  "loaded_at": now_iso(), "loaded_by": actor, "rows": rows,
                  "rows_rejected": rows_rejected, "is_current": 1})
    assert isinstance(table.last_pk, int), "inserting one row into a rowid table sets last_pk to its id"
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
