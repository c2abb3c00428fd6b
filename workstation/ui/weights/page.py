"""WeightsPage: the proposals of a span of periods, as the workbook lists them, with the chart of
current against implied weights. The computation runs on the workspace's reading thread; the
workbook is written by the writer thread (services.weights, the same as ``weights propose``).
Runnable on its own: ``python -m workstation.ui.weights.page --db PATH``."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.authority import Action, authorize
from workstation.domain.recalibration import CONFIDENCE_NAMES
from workstation.engine.recalibration import Recalibration
from workstation.services.weights import proposals_workbook_job, weight_proposals
from workstation.ui.context import AppContext
from workstation.ui.reads import Read
from workstation.ui.weights.chart import WeightScatter
from workstation.ui.widgets.dialogs import error_text
from workstation.ui.widgets.table_model import Column, RowsModel

PROPOSAL_FILL = QColor(255, 242, 204)


def _ratio(value: Fraction | None) -> str:
    return "" if value is None else f"{float(value):+.1%}"


class ProposalsModel(RowsModel):
    """The listed groups; a proposal's row is shaded as in the workbook."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and self.rows[index.row()]["proposal"]:
            return PROPOSAL_FILL
        return super().data(index, role)


def _read(db, actor, first: str, last: str, threshold: Fraction, min_cases: int) -> Recalibration:
    return weight_proposals(db, actor, first, last, threshold=threshold, min_cases=min_cases)


class WeightsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.result: Recalibration | None = None
        self._read: Read | None = None
        self.first, self.last = QComboBox(self), QComboBox(self)
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0.01, 0.99)
        self.threshold.setSingleStep(0.01)
        self.threshold.setDecimals(2)
        self.min_cases = QSpinBox(self)
        self.min_cases.setRange(1, 100_000)
        self.compute_button = QPushButton(self.tr("Compute proposals"), self)
        self.save_button = QPushButton(self.tr("Save workbook…"), self)
        self.save_button.setEnabled(False)
        self.status = QLabel(self)
        self.status.setObjectName("WeightsStatus")
        self.status.setWordWrap(True)
        self.model = ProposalsModel([
            Column("code", lambda: self.tr("DRG")), Column("name", lambda: self.tr("Name")),
            Column("cases", lambda: self.tr("Cases"), numeric=True),
            Column("outlier_share", lambda: self.tr("Outliers"), _ratio_plain, numeric=True),
            Column("cv", lambda: self.tr("CV"), lambda v: "" if v is None else f"{v:.3f}", numeric=True),
            Column("current", lambda: self.tr("Current weight"), lambda v: f"{v:.4f}", numeric=True),
            Column("published", lambda: self.tr("Implied weight"), str, numeric=True),
            Column("change", lambda: self.tr("Change"), _ratio, numeric=True),
            Column("mark", lambda: self.tr("Proposal")),
        ], self)
        self.table = QTableView(self)
        self.table.setObjectName("WeightsTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.chart = WeightScatter(self)

        bar = QHBoxLayout()
        for label, widget in ((self.tr("From"), self.first), (self.tr("to"), self.last),
                              (self.tr("Threshold"), self.threshold), (self.tr("Minimum cases"), self.min_cases)):
            bar.addWidget(QLabel(label, self))
            bar.addWidget(widget)
        bar.addWidget(self.compute_button)
        bar.addWidget(self.save_button)
        bar.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setSizes([700, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.compute_button.clicked.connect(self.compute)
        self.save_button.clicked.connect(self.save_workbook)
        self.refresh()

    def refresh(self) -> None:
        """The periods and the rules' defaults; the buttons the signed-in user may use."""
        from workstation.engine.ruleset import current_rules

        periods = self.context.workspace.periods()
        for combo, pick in ((self.first, 0), (self.last, -1)):
            combo.clear()
            combo.addItems(periods)
            if periods:
                combo.setCurrentIndex(pick % len(periods))
        rules = current_rules(self.context.workspace.db)
        self.threshold.setValue(float(rules.recalibration_threshold))
        self.min_cases.setValue(rules.recalibration_min_cases)
        allowed = bool(authorize(self.context.user.role, Action.WEIGHTS_PROPOSE))
        self.compute_button.setVisible(allowed)
        self.save_button.setVisible(allowed)
        self.compute_button.setEnabled(bool(periods))

    def _arguments(self) -> tuple:
        threshold = Fraction(Decimal(f"{self.threshold.value():.2f}"))
        return self.first.currentText(), self.last.currentText(), threshold, self.min_cases.value()

    def compute(self) -> Read:
        if self._read is not None:
            self._read.discard()
        self.status.setText(self.tr("Computing…"))
        self.compute_button.setEnabled(False)
        read = self._read = self.context.workspace.reads.read(_read, self.context.user, *self._arguments(),
                                                               name="weights")
        read.finished.connect(self._show)
        read.failed.connect(self._failed)
        return read

    def _failed(self, error: BaseException) -> None:
        self.compute_button.setEnabled(True)
        self.status.setText(error_text(error))

    def _show(self, result: Recalibration) -> None:
        self.result = result
        self.compute_button.setEnabled(True)
        self.save_button.setEnabled(True)
        listed = result.listed_groups()
        yes = self.tr("yes")
        self.model.set_rows([{"code": g.code, "name": g.name, "cases": g.cases, "outlier_share": g.outlier_share,
                              "cv": g.cv, "current": float(g.current), "published": g.published, "change": g.change,
                              "proposal": g.proposal,
                              "mark": f"{yes} · {CONFIDENCE_NAMES[g.confidence]}" if g.proposal else ""}
                             for g in listed])
        self.table.resizeColumnsToContents()
        self.chart.set_points([(float(g.current), float(g.published), g.proposal) for g in listed])
        levels = [lv.key for lv in result.levels if lv.proposal]
        self.status.setText(self.tr("%1 groups with at least %2 cases; %3 proposals; level proposals: %4")
                            .replace("%1", str(len(listed))).replace("%2", str(result.min_cases))
                            .replace("%3", str(len(result.proposals))).replace("%4", ", ".join(levels) or "—"))

    def save_workbook(self) -> None:
        path = self.context.dialogs.save_file(self, self.tr("Save the proposals"), "weights.xlsx",
                                              self.tr("Excel workbook (*.xlsx)"))
        if not path:
            return
        job = self.context.runner.submit(proposals_workbook_job, self.context.user, *self._arguments()[:2], path,
                                         *self._arguments()[2:], name="weights workbook",
                                         db_path=self.context.workspace.db_path)
        job.finished.connect(lambda _r: self.status.setText(self.tr("Wrote %1").replace("%1", path)))
        job.failed.connect(lambda e: self.status.setText(error_text(e)))


def _ratio_plain(value: Fraction | None) -> str:
    return "" if value is None else f"{float(value):.1%}"


if __name__ == "__main__":  # pragma: no cover - a manual preview
    from workstation.ui.weights.preview import run_page

    run_page(WeightsPage)
