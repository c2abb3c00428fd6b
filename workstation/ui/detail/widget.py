"""CaseDetailWidget: one case as a reviewer reads it beside the queue.

Overview (identity masked, stay, benchmark, ratio, points, payment, flags with
why), diagnoses/procedures and the 14 fee categories, and the group: its cost
distribution with the thresholds and this case marked, and the hospital's other
cases in the same group.
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.fields import fee_name
from workstation.domain.messages import language
from workstation.domain.money import fen_to_yuan_text
from workstation.services.queue.charts import group_cost_distribution
from workstation.services.queue.detail import CaseDetail, first_flagged_case, load_case_detail
from workstation.ui.charts.distribution import GroupCostDistributionChart
from workstation.ui.queue.labels import flag_short_names, status_label

if TYPE_CHECKING:
    from workstation.ui.review.panel import ReviewPanel

def _yuan(fen) -> str:
    return "—" if fen is None else fen_to_yuan_text(fen, thousands=True)


class CaseDetailWidget(QWidget):
    case_requested = Signal(int)  # another case was double-clicked (the hospital's other cases)

    def __init__(self, parent: QWidget | None = None, db=None):
        super().__init__(parent)
        self._db = db
        self._show_personal = False
        self._case_pk: int | None = None
        self.detail: CaseDetail | None = None

        self.title = QLabel(self)
        self.title.setObjectName("caseTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget(self)
        self.overview = QTextBrowser(self)
        self.overview.setOpenLinks(False)
        self.codes_table = self._table([self.tr("Kind"), self.tr("Code"), self.tr("Name", "name of a code")])
        self.fees_table = self._table([self.tr("Fee category"), self.tr("Amount (yuan)"), self.tr("Share")])
        codes_page = QSplitter(Qt.Orientation.Vertical, self)
        codes_page.addWidget(self.codes_table)
        codes_page.addWidget(self.fees_table)
        codes_page.setSizes([150, 350])
        self.distribution = GroupCostDistributionChart(self)
        self.others_label = QLabel(self)
        self.others_label.setWordWrap(True)
        self.others_table = self._table([self.tr("Case ID"), self.tr("Total cost"), self.tr("Cost ratio"),
                                         self.tr("Stay (days)"), self.tr("Flags")])
        self.others_table.cellDoubleClicked.connect(self._open_other)
        group_page = QSplitter(Qt.Orientation.Vertical, self)
        group_page.addWidget(self.distribution)
        others = QWidget(self)
        others_layout = QVBoxLayout(others)
        others_layout.setContentsMargins(0, 0, 0, 0)
        others_layout.addWidget(self.others_label)
        others_layout.addWidget(self.others_table)
        group_page.addWidget(others)
        group_page.setSizes([380, 260])
        self.tabs.addTab(self.overview, self.tr("Overview"))
        self.tabs.addTab(codes_page, self.tr("Diagnoses and fees"))
        self.tabs.addTab(group_page, self.tr("Group"))
        self.review: ReviewPanel | None = None  # the special-case review panel, once the window attaches it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self.show_case(None)

    def _table(self, headers: list[str]) -> QTableWidget:
        # A handful of rows per case: QTableWidget is right here (the queue itself is a lazy model).
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        return table

    def attach_review(self, context) -> None:
        """Add the special-case review tab (it needs the signed-in user and the job runner)."""
        from workstation.ui.review.panel import ReviewPanel

        self.review = ReviewPanel(context, self)
        self.tabs.addTab(self.review, self.tr("Special-case review"))
        self.review.show_case(self._case_pk)

    # -- inputs -------------------------------------------------------------------------------
    def set_database(self, db) -> None:
        self._db = db
        self.show_case(self._case_pk)

    def set_show_personal(self, show: bool) -> None:
        if show != self._show_personal:
            self._show_personal = show
            self.show_case(self._case_pk)

    def case_pk(self) -> int | None:
        return self._case_pk

    def show_case(self, case_pk: int | None) -> None:
        self._case_pk = case_pk
        detail = None
        if case_pk is not None and self._db is not None:
            detail = load_case_detail(self._db, case_pk, show_personal=self._show_personal, lang=language())
        self.detail = detail
        if self.review is not None:
            self.review.show_case(case_pk if detail is not None else None)
        if detail is None:
            self.title.setText(self.tr("No case selected"))
            self.overview.setHtml("<p>" + escape(self.tr("Select a case in the queue to see its details.")) + "</p>")
            for table in (self.codes_table, self.fees_table, self.others_table):
                table.setRowCount(0)
            self.others_label.clear()
            self.distribution.set_data(None)
            return
        case, result = detail.case, detail.result
        self.title.setText(f"<b>{escape(case['case_id'])}</b> · {escape(case['hospital_code'])} "
                           f"{escape(detail.hospital_name)} · {escape(result.get('drg_code') or case.get('drg_code') or '—')} "
                           f"{escape(detail.drg_name)}")
        self.overview.setHtml(self._overview_html(detail))
        self._fill_codes(detail)
        self._fill_fees(detail)
        self._fill_group(detail)

    # -- overview -----------------------------------------------------------------------------
    def _overview_html(self, d: CaseDetail) -> str:
        c, r = d.case, d.result
        sex = {1: self.tr("Male"), 2: self.tr("Female")}.get(c.get("sex") or 0, str(c.get("sex") or ""))
        source = {"table": self.tr("group table"),
                  "computed": self.tr("computed from %n case(s) of the period", "", r.get("benchmark_n") or 0),
                  "none": self.tr("no benchmark")}.get(r.get("benchmark_source") or "none", r.get("benchmark_source"))
        sections: list[tuple[str, list[tuple[str, object]]]] = [
            (self.tr("Patient"), [
                (self.tr("Patient ID"), c.get("patient_id")), (self.tr("Name"), c.get("patient_name")),
                (self.tr("ID number"), c.get("id_number")), (self.tr("Sex / age"), f"{sex} / {c.get('age')}"),
                (self.tr("Insurance type"), c.get("insurance_type"))]),
            (self.tr("Hospital stay"), [
                (self.tr("Admitted"), c.get("admit_date")), (self.tr("Discharged"), c.get("discharge_date")),
                (self.tr("Length of stay"), self.tr("%n day(s)", "", int(c.get("los") or 0))),
                (self.tr("Discharge mode"), f"{c.get('discharge_mode')} {d.discharge_mode_name}"),
                (self.tr("Department"), c.get("dept")), (self.tr("Review status"), status_label(d.status))]),
            (self.tr("Benchmark and payment"), [
                (self.tr("Group average cost"), f"{_yuan(r.get('avg_cost_fen'))} ({source})"),
                (self.tr("Low threshold"), _yuan(r.get("low_threshold_fen"))),
                (self.tr("High threshold"), f"{_yuan(r.get('high_threshold_fen'))}"
                 + (f" (k = {r['high_multiple']})" if r.get("high_multiple") else "")),
                (self.tr("Total cost"), _yuan(c.get("total_cost_fen"))),
                (self.tr("Cost ratio"), "—" if r.get("cost_ratio") is None else f"{r['cost_ratio']:.2f}"),
                (self.tr("Weight / base points"),
                 f"{r.get('weight') if r.get('weight') is not None else '—'} / "
                 f"{r.get('base_points') if r.get('base_points') is not None else '—'}"),
                (self.tr("Points"), "—" if r.get("points") is None else f"{r['points']:,.4f}"),
                (self.tr("Estimated payment"), _yuan(r.get("estimated_payment_fen"))),
                (self.tr("Payment basis"), self._basis_name(r.get("payment_basis")))]),
        ]
        html = ["<style>td{padding:1px 8px 1px 0;vertical-align:top} th{text-align:left}"
                " h4{margin:8px 0 2px 0}</style>"]
        for heading, rows in sections:
            html.append(f"<h4>{escape(heading)}</h4><table>")
            for label, value in rows:
                html.append(f"<tr><td style='color:#555'>{escape(label)}</td>"
                            f"<td>{escape('' if value is None else str(value))}</td></tr>")
            html.append("</table>")
        flags_heading = self.tr("Flags")
        no_flags = self.tr("No flags: a normal case.")
        html.append(f"<h4>{escape(flags_heading)}</h4>")
        if d.flags:
            html.append("<ul style='margin-left:-20px'>")
            for flag in d.flags:
                html.append(f"<li><b>{escape(flag.name)}</b>: {escape(flag.why)}</li>")
            html.append("</ul>")
        else:
            html.append(f"<p>{escape(no_flags)}</p>")
        return "".join(html)

    def _basis_name(self, basis: str | None) -> str:
        names = {"NORMAL": self.tr("Normal case"), "HIGH": self.tr("High-cost outlier"),
                 "LOW": self.tr("Low-cost outlier"), "INCOMPLETE": self.tr("Incomplete stay"),
                 "BY_ITEM": self.tr("Paid by item")}
        return names.get(basis or "", basis or "—")

    # -- codes, fees, group -------------------------------------------------------------------
    def _fill_codes(self, d: CaseDetail) -> None:
        rows = ([(self.tr("Main diagnosis") if i == 0 else self.tr("Other diagnosis"), item)
                 for i, item in enumerate(d.diagnoses)] +
                [(self.tr("Main procedure") if i == 0 else self.tr("Other procedure"), item)
                 for i, item in enumerate(d.procedures)])
        self.codes_table.setRowCount(len(rows))
        for i, (kind, item) in enumerate(rows):
            for j, text in enumerate((kind, item.code, item.name or "—")):
                self.codes_table.setItem(i, j, QTableWidgetItem(text))

    def _fill_fees(self, d: CaseDetail) -> None:
        total = d.case.get("total_cost_fen") or 0
        rows = [(fee_name(key), fen) for key, fen in d.fees]
        rows.append((self.tr("of which high-value consumables"), d.high_value_fen))
        rows.append((self.tr("Total cost"), d.case.get("total_cost_fen")))
        self.fees_table.setRowCount(len(rows))
        for i, (name, fen) in enumerate(rows):
            share = "" if not total or fen is None else f"{100 * fen / total:.1f}%"
            for j, text in enumerate((name, _yuan(fen), share)):
                item = QTableWidgetItem(text)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.fees_table.setItem(i, j, item)

    def _fill_group(self, d: CaseDetail) -> None:
        drg = d.result.get("drg_code") or d.case.get("drg_code")
        if drg and self._db is not None:
            self.distribution.set_data(group_cost_distribution(self._db, d.result.get("period") or d.case["period"],
                                                               drg, d.case_pk))
        else:
            self.distribution.set_data(None)
        self.others_label.setText(self.tr("Other cases of this hospital in the same group: %n", "",
                                          d.other_cases_total))
        self.others_table.setRowCount(len(d.other_cases))
        for i, other in enumerate(d.other_cases):
            values = (other.case_id, _yuan(other.total_cost_fen),
                      "—" if other.cost_ratio is None else f"{other.cost_ratio:.2f}", str(other.los),
                      flag_short_names(other.flag_codes))
            for j, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, other.case_pk)
                self.others_table.setItem(i, j, item)

    def _open_other(self, row: int, _column: int) -> None:
        item = self.others_table.item(row, 0)
        if item is not None:
            self.case_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))


if __name__ == "__main__":
    from workstation.ui.widgets.preview import run_preview

    def _first_flagged_case(workspace) -> CaseDetailWidget:
        widget = CaseDetailWidget(db=workspace.db)
        widget.show_case(first_flagged_case(workspace.db))
        return widget

    raise SystemExit(run_preview(_first_flagged_case, "Case detail"))
