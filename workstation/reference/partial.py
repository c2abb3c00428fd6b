"""No silent partial loads: a reference table that would refuse more than the rules' share of
its rows does not replace the current one unless the user accepts it explicitly.

A city's group table with a handful of rows loaded would make every other case of the period
"ungrouped"; the refusal says how many rows were refused and why (the first reasons), and how
to load anyway (``--accept-partial`` on the command line, a confirmation in the GUI). An
accepted partial load is an audit event of its own.
"""
from __future__ import annotations

from fractions import Fraction

from sqlite_utils import Database

from workstation.domain.messages import Text, UserError
from workstation.reference.versions import CHANGES_CAP, ReferenceLoadResult
from workstation.store import audit

SHOWN_REASONS = 10


class PartialLoadRefused(UserError):
    """Too many rows refused: nothing was changed. ``result`` holds the rows and reasons."""

    exit_code = 3

    def __init__(self, result: ReferenceLoadResult, share: Fraction, what: Text):
        self.result = result
        self.share = share
        rejected, read = result.rows_rejected, result.rows_read
        percent = Text(f"{float(share) * 100:g}%", f"{float(share) * 100:g}%")
        first = Text("\n", "\n").join(Text("  ", "  ") + row.text for row in result.rejected[:SHOWN_REASONS])
        more = result.rows_rejected - SHOWN_REASONS
        tail = Text(f"\n  …… 另有 {more} 行", f"\n  … {more} more") if more > 0 else Text("", "")
        super().__init__(
            f"{what.zh}“{result.source}”有 {rejected} 行被拒收（共 {read} 行，超过规则允许的 {percent.zh}），"
            f"未载入，现行表未作改动。前几行原因：\n{first.zh}{tail.zh}\n"
            "全部拒收行可用 --rejected-out 文件.csv 导出查看。请改正这些行后重新载入；若确认只载入其余各行，"
            "请加 --accept-partial（将记入审计日志）。",
            f"{rejected} of the {read} rows of the {what.en} \"{result.source}\" were refused (more than the "
            f"{percent.en} the rules allow), so it was not loaded and the current table is unchanged. The first "
            f"reasons:\n{first.en}{tail.en}\nEvery refused row can be written out with --rejected-out FILE.csv. Fix "
            "those rows and load it again, or add --accept-partial to load the other rows anyway (recorded in "
            "the audit log).")


def too_many_refused(result: ReferenceLoadResult, share: Fraction | None) -> bool:
    return share is not None and result.rows_rejected > share * result.rows_read


def check(result: ReferenceLoadResult, share: Fraction | None, accept_partial: bool, what: Text) -> None:
    """Raise PartialLoadRefused when more than ``share`` of the rows were refused, unless accepted."""
    if not too_many_refused(result, share):
        return
    assert share is not None
    if not accept_partial:
        raise PartialLoadRefused(result, share, what)
    result.accepted_partial = True


def record_acceptance(db: Database, result: ReferenceLoadResult, actor: str, version_id: int) -> None:
    """The audit event of a partial load accepted by the user (inside the load's transaction)."""
    if not result.accepted_partial:
        return
    audit.record(db, actor=actor, action=f"{result.kind}.accept_partial", entity="reference_versions",
                 entity_id=version_id, before=None,
                 after={"rows_read": result.rows_read, "rows_loaded": result.rows_loaded,
                        "rows_rejected": result.rows_rejected,
                        "rejected": [{"row": r.source_row, "code": r.code, "reason": r.reason.zh}
                                     for r in result.rejected[:CHANGES_CAP]]})
