"""ApplicationsPage: the special-case applications of the selected period — filters, a lazy
table, per-hospital quota gauges, the import of a hospital's application file — beside the
review panel of the application selected.

Runnable on its own: ``python -m workstation.ui.review.page [--db PATH]``.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.authority import Action
from workstation.domain.review.workflow import Status
from workstation.services.application_list import (
    ApplicationMarks,
    application_choices,
    application_marks,
    latest_application_period,
    quota_gauges,
)
from workstation.services.applications import ApplicationFilter, ApplicationImport
from workstation.services.authority import allows
from workstation.services.reference import hospital_names
from workstation.ui.context import AppContext
from workstation.ui.jobs import Job
from workstation.ui.reads import Read
from workstation.ui.review.gauges import QuotaGauges
from workstation.ui.review.labels import reason_text, status_text
from workstation.ui.review.model import COLUMNS, HOSPITAL_COLUMN, ApplicationsModel
from workstation.ui.review.panel import ReviewPanel
from workstation.ui.review.tasks import import_applications_job
from workstation.ui.widgets.dialogs import error_text
from workstation.ui.workspace import ChangeSet

FILE_FILTER = "*.csv *.tsv *.txt *.xlsx"
REFIND_ROWS = 2000  # how far down the list a selection is looked for after the list is read again


class ApplicationsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.workspace = context.workspace
        self.import_job: Job | None = None
        self.last_import: ApplicationImport | None = None
        self._marks_read: Read | None = None
        self._gauges_read: Read | None = None
        self._gauges_period = ""

        self.status = QComboBox(self)
        self.hospital = QComboBox(self)
        self.reason = QComboBox(self)
        self.overdue_only = QCheckBox(self.tr("Overdue only"), self)
        self.over_quota_only = QCheckBox(self.tr("Over quota only"), self)
        self.count_label = QLabel(self)
        self.import_button = QPushButton(self.tr("Import applications…"), self)
        self.import_button.setObjectName("importApplications")
        self.import_button.setToolTip(self.tr("Import a hospital's application file (CSV, TSV or XLSX)"))
        self.import_button.clicked.connect(self.choose_import_file)
        # Only where the authority lets the user record applications (not an expert, say).
        self.import_button.setVisible(bool(allows(context.workspace.db, context.user, Action.SUBMIT_APPLICATION)))
        filters = QHBoxLayout()
        for label, widget in ((self.tr("Status:"), self.status), (self.tr("Hospital:"), self.hospital),
                              (self.tr("Reason:"), self.reason)):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addWidget(self.overdue_only)
        filters.addWidget(self.over_quota_only)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        filters.addWidget(self.import_button)

        self.model = ApplicationsModel(self.workspace.db, self)
        self.table = QTableView(self)
        self.table.setObjectName("applicationsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.gauges = QuotaGauges(self)
        self.panel = ReviewPanel(context, self)

        self.left = left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.table)
        left.addWidget(self.gauges)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        self._sized = False
        self._clear_unlisted = False  # set by a filter change: a detail no longer listed is cleared
        # Columns follow their contents and the table's width (a resize refits them, once per turn).
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.timeout.connect(self.fit_columns)
        self.table.viewport().installEventFilter(self)
        self._stale = True  # read when first shown: the tab may stay closed all day

        for combo in (self.status, self.hospital, self.reason):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._apply_filter)
        for box in (self.overdue_only, self.over_quota_only):
            box.toggled.connect(self._apply_filter)
        self.model.count_changed.connect(self._show_count)
        self.model.count_changed.connect(lambda _n: self._fit_timer.start(0))
        self.model.layoutChanged.connect(lambda: self._fit_timer.start(0))
        self.model.modelReset.connect(self._reselect)
        self.model.layoutChanged.connect(self._reselect)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.doubleClicked.connect(self._open_case)
        self.workspace.changed.connect(self._on_changed)
        self.workspace.period_changed.connect(self._on_period_changed)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.refresh()
        if not self._sized:  # stretch factors do not apply to the first layout
            self._sized = True
            width = max(self.width(), 800)
            self.splitter.setSizes([int(width * 0.7), int(width * 0.3)])  # the table's columns whole at 1366
            self.left.setSizes([int(self.height() * 0.7), int(self.height() * 0.3)])

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_timer.start(0)
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Every column as wide as its contents (the rows a screen shows, and its title); the width
        left over goes to the hospital column, whose name is also the first to give way when the
        table is too narrow (its code stays whole): statuses and reasons are never cut."""
        header = self.table.horizontalHeader()
        count = self.model.rowCount()
        header.setResizeContentsPrecision(min(max(count, 1), 40))
        widths = [max(header.sectionSizeHint(c), self.table.sizeHintForColumn(c) if count else 0)
                  for c in range(self.model.columnCount())]
        spare = self.table.viewport().width() - sum(widths)
        if spare >= 0:
            widths[HOSPITAL_COLUMN] += spare
        else:
            codes = [self.model.row_at(r) for r in range(min(count, 40))]
            metrics = self.table.fontMetrics()
            code_width = max([metrics.horizontalAdvance(r.hospital_code) for r in codes if r] + [0]) + 12
            widths[HOSPITAL_COLUMN] = max(code_width, header.sectionSizeHint(HOSPITAL_COLUMN),
                                          widths[HOSPITAL_COLUMN] + spare)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)

    # -- reading --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Filter lists now; the overdue and quota marks and the gauges off the GUI thread. A page
        not on screen only notes that it is out of date (its reads would scan the periods' cases)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._fill_choices()
        self.model.filter = self.current_filter()
        if self._marks_read is not None:
            self._marks_read.discard()
        self._marks_read = self.workspace.reads.read(application_marks, name="application marks")
        self._marks_read.finished.connect(self._on_marks)
        period = self.workspace.period or latest_application_period(self.workspace.db)
        if self._gauges_read is not None:
            self._gauges_read.discard()
        if period:
            self.gauges.set_loading(period)
            self._gauges_period = period
            self._gauges_read = self.workspace.reads.read(quota_gauges, period, name="quota gauges")
            self._gauges_read.finished.connect(self._on_gauges)
        else:
            self.gauges.set_gauges("", [])

    def is_ready(self) -> bool:
        """The marks and gauges of the last refresh have arrived."""
        return not self._stale and all(read is None or read.done for read in (self._marks_read, self._gauges_read))

    def _on_marks(self, marks: ApplicationMarks) -> None:
        self.model.filter = self.current_filter()
        self.model.set_marks(marks)

    def _fill_choices(self) -> None:
        choices = application_choices(self.workspace.db)
        names = hospital_names(self.workspace.db)
        lists = ((self.status, [(s.value, status_text(s)) for s in Status]),
                 (self.hospital, [(h, f"{h} {names[h]}" if names.get(h) else h) for h in choices["hospital_code"]]),
                 (self.reason, [(r, reason_text(r)) for r in choices["reason"]]))
        for combo, items in lists:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("All"), None)
            for value, text in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
            combo.blockSignals(False)

    def current_filter(self) -> ApplicationFilter:
        status = self.status.currentData()
        return ApplicationFilter(statuses=(status,) if status else (), hospital_code=self.hospital.currentData(),
                                 reason=self.reason.currentData(), period=self.workspace.period or None,
                                 overdue_only=self.overdue_only.isChecked(),
                                 over_quota_only=self.over_quota_only.isChecked())

    def _apply_filter(self, *_changed: object) -> None:
        self._clear_unlisted = True
        try:
            self.model.set_filter(self.current_filter())
        finally:
            self._clear_unlisted = False

    def _show_count(self, count: int) -> None:
        self.count_label.setText(self.tr("%n application(s)", "", count))

    def _on_period_changed(self, _period: str) -> None:
        self.refresh()

    def _on_gauges(self, gauges: list) -> None:
        self.gauges.set_gauges(self._gauges_period, gauges)

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.reviews or changes.batches or changes.results or changes.rules:
            self.refresh()

    # -- selection ------------------------------------------------------------------------------
    def row_texts(self, row: int) -> list[str]:
        return [str(self.model.data(self.model.index(row, c)) or "") for c in range(len(COLUMNS))]

    def select_application(self, application_id: int) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.application_id_at(row) == application_id:
                self.table.setCurrentIndex(self.model.index(row, 0))
                return True
        return False

    def _on_current_row(self, current, _previous) -> None:
        app_id = self.model.application_id_at(current.row()) if current.isValid() else None
        if app_id is not None and app_id != self.panel.application_id():
            self.panel.show_application(app_id)

    def _open_case(self, index) -> None:
        """A double-click shows the application's case in the queue, with its detail."""
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is not None:
            self.workspace.case_selected.emit(row.case_pk)

    def _reselect(self) -> None:
        """After the list is read again: the application shown stays selected where it now is. One a
        new filter leaves out is cleared from the detail (with its buttons); one a step took out of
        the filter stays shown, unselected, so the reviewer sees what the step did."""
        app_id = self.panel.application_id()
        if app_id is None:
            return
        row = self.model.row_of(app_id, read_up_to=REFIND_ROWS)
        selection = self.table.selectionModel()
        if row is None:
            selection.clearSelection()
            if self._clear_unlisted:
                self.panel.show_application(None)
            return
        selection.blockSignals(True)
        self.table.setCurrentIndex(self.model.index(row, 0))
        selection.blockSignals(False)
        self.table.scrollTo(self.model.index(row, 0))

    # -- import ---------------------------------------------------------------------------------
    def choose_import_file(self) -> None:
        path = self.context.dialogs.open_file(self, self.tr("Import a hospital's application file"), "",
                                              self.tr("Application files ({0})").format(FILE_FILTER))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> Job:
        """Import on the writer thread; the summary (rows read = accepted + quarantined) when done."""
        self.import_button.setEnabled(False)
        self.import_job = self.context.runner.submit(import_applications_job, path, actor=self.context.user,
                                                     name="import applications", db_path=self.workspace.db_path)
        self.import_job.finished.connect(self._on_imported)
        self.import_job.failed.connect(self._on_import_failed)
        return self.import_job

    def _on_imported(self, result: ApplicationImport) -> None:
        self.import_button.setEnabled(True)
        self.last_import = result
        self.workspace.notify(ChangeSet(reviews=True))
        self.context.dialogs.inform(self, self.tr("Applications imported"), str(result.summary()))

    def _on_import_failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        self.context.dialogs.warn(self, self.tr("The applications could not be imported"), error_text(exc))


if __name__ == "__main__":
    from workstation.ui.widgets.preview import run_preview

    def _page(workspace) -> ApplicationsPage:
        from workstation.services.context import Actor
        from workstation.ui.context import AppContext
        from workstation.ui.jobs import JobRunner
        from workstation.ui.settings import settings
        from workstation.ui.widgets.dialogs import DialogService

        return ApplicationsPage(AppContext(workspace, JobRunner(), settings(), DialogService(), Actor("preview")))

    raise SystemExit(run_preview(_page, "Applications"))
