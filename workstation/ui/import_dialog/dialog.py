"""The import dialog: pick a file, check how it will be read, import it off the GUI thread.

Step 1 shows what ``inspect_file`` found — format, encoding (editable),
delimiter, header row — and the column mapping, editable per column and
savable as a profile; required fields no column maps to are listed in red and
block the import. Step 2 runs ``operations.import_file`` on the writer thread
with a progress bar and a cancel button. Step 3 is the summary with the
quarantined rows, viewable and exportable with their reasons.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.fields import FIELDS_BY_KEY, canonical_key
from workstation.domain.messages import language
from workstation.importer.mapping import missing_required
from workstation.services.batches import import_profile_names
from workstation.services.quarantine import masked
from workstation.ui.context import AppContext
from workstation.ui.import_dialog.mapping import FieldComboDelegate, MappingModel
from workstation.ui.import_dialog.result import ImportResultPanel
from workstation.ui.import_dialog.tasks import import_job, save_profile_job
from workstation.ui.jobs import Job
from workstation.ui.widgets.dialogs import error_text
from workstation.ui.widgets.table_model import Column, RowsModel

if TYPE_CHECKING:  # the importer's service is imported when a file is inspected
    from workstation.importer.service import ImportResult, SourcePreview

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16")
FILE_FILTER = "*.csv *.tsv *.txt *.xlsx"


class ImportDialog(QDialog):
    imported = Signal(object)  # the ImportResult, after a successful import

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.db = context.workspace.db
        self.path: Path | None = None
        self.preview: SourcePreview | None = None  # what the importer found in the chosen file
        self.mapping_changed_by_user = False
        self.job: Job | None = None
        # Not "result": that would hide QDialog.result(), the code exec() ended with.
        self.import_result: ImportResult | None = None
        self.setWindowTitle(self.tr("Import a settlement batch"))
        self.setObjectName("ImportDialog")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_setup_page())
        self.result_panel = ImportResultPanel(self.db, context.dialogs, self)
        self.stack.addWidget(self.result_panel)
        self._build_footer()
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self.footer)
        self._fit_to_screen()
        self._update_state()

    # -- layout ---------------------------------------------------------------
    def _build_setup_page(self) -> QWidget:
        page = QWidget(self)
        self.file_edit = QLineEdit(page)
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(self.tr("Choose a CSV, TXT or XLSX file exported from the settlement platform"))
        browse = QPushButton(self.tr("Choose file…"), page)
        browse.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)

        self.encoding_combo = QComboBox(page)
        self.encoding_combo.setEditable(True)
        self.encoding_combo.addItems(ENCODINGS)
        self.encoding_combo.setToolTip(self.tr("Detected from the file; change it if the preview shows garbled text"))
        self.encoding_combo.activated.connect(lambda _i: self._reinspect())
        encoding_edit = self.encoding_combo.lineEdit()
        assert encoding_edit is not None, "an editable combo box has a line edit"
        encoding_edit.editingFinished.connect(self._reinspect_if_encoding_changed)
        self.format_label = QLabel(page)
        # A workbook with several sheets: which one is read, chosen here (one table per import).
        self.sheet_combo = QComboBox(page)
        self.sheet_combo.setObjectName("SheetChoice")
        self.sheet_combo.setToolTip(self.tr("The workbook has several sheets; one is imported at a time"))
        self.sheet_combo.activated.connect(lambda _i: self._reinspect())
        self.sheet_label = QLabel(self.tr("Worksheet:"), page)
        self.profile_combo = QComboBox(page)
        self.profile_combo.activated.connect(lambda _i: self._on_profile_chosen())
        self.save_profile_button = QPushButton(self.tr("Save mapping as profile…"), page)
        self.save_profile_button.clicked.connect(self.save_profile)
        profile_row = QHBoxLayout()
        profile_row.addWidget(self.profile_combo, 1)
        profile_row.addWidget(self.save_profile_button)
        self.period_edit = QLineEdit(page)
        self.period_edit.setPlaceholderText(self.tr("automatic: the month of the latest discharge"))
        form = QFormLayout()
        form.addRow(self.tr("File:"), file_row)
        form.addRow(self.tr("Encoding:"), self.encoding_combo)
        form.addRow(self.tr("Read as:"), self.format_label)
        form.addRow(self.sheet_label, self.sheet_combo)
        form.addRow(self.tr("Mapping profile:"), profile_row)
        form.addRow(self.tr("Settlement period:"), self.period_edit)

        self.mapping_model = MappingModel(self)
        self.mapping_model.mapping_edited.connect(self._on_mapping_edited)
        self.mapping_view = QTableView(page)
        self.mapping_view.setObjectName("MappingView")
        self.mapping_view.setModel(self.mapping_model)
        self.mapping_view.setItemDelegateForColumn(2, FieldComboDelegate(self.mapping_view))
        self.mapping_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.mapping_view.verticalHeader().setVisible(False)
        self.mapping_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.mapping_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.rows_model = RowsModel([], self)
        self.rows_view = QTableView(page)
        self.rows_view.setModel(self.rows_model)
        self.rows_view.verticalHeader().setVisible(False)
        self.rows_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        tabs = QTabWidget(page)
        tabs.addTab(self.mapping_view, self.tr("Column mapping"))
        tabs.addTab(self.rows_view, self.tr("First rows"))

        self.missing_label = QLabel(page)
        self.missing_label.setObjectName("MissingRequired")
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet("color: #b00020;")
        self.error_label = QLabel(page)
        self.error_label.setObjectName("ImportError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.error_label)
        return page

    def _build_footer(self) -> None:
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 100)
        self.status_label = QLabel(self)
        self.import_button = QPushButton(self.tr("Import"), self)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.reject)
        self.footer = QHBoxLayout()
        self.footer.addWidget(self.status_label, 1)
        self.footer.addWidget(self.progress_bar, 1)
        self.footer.addWidget(self.import_button)
        self.footer.addWidget(self.cancel_button)

    def _fit_to_screen(self) -> None:
        screen = self.screen() or QApplication.primaryScreen()
        area = screen.availableGeometry()
        self.resize(min(1000, area.width() - 40), min(700, area.height() - 60))

    # -- step 1: the file and its mapping --------------------------------------
    def choose_file(self) -> None:
        folder = self.context.settings["import/last_dir"] or str(Path.home())
        path = self.context.dialogs.open_file(self, self.tr("Choose a settlement batch"), folder,
                                              self.tr("Tables ({0});;All files (*)").format(FILE_FILTER))
        if path:
            self.context.settings["import/last_dir"] = str(Path(path).parent)
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        self.mapping_changed_by_user = False
        self.sheet_combo.clear()  # a new file: its own sheets
        self._fill_profiles()
        self._inspect()

    def _fill_profiles(self) -> None:
        current = self.profile_combo.currentData()
        self.profile_combo.clear()
        self.profile_combo.addItem(self.tr("(none: recognise the headers)"), None)
        for name in import_profile_names(self.db):
            self.profile_combo.addItem(name, name)
        self.profile_combo.setCurrentIndex(max(self.profile_combo.findData(current), 0))

    def _inspect(self, *, encoding: str | None = None, column_map: dict | None = None,
                 profile: str | None = None, sheet: str | None = None) -> None:
        """Read the head of the file again (milliseconds: inspect_file reads a sample only)."""
        from workstation.importer.service import inspect_file

        self.error_label.clear()
        assert self.path is not None, "a file is inspected once one is chosen"
        try:
            self.preview = inspect_file(self.path, encoding=encoding, column_map=column_map,
                                        profile=profile, db=self.db if profile else None, sheet=sheet)
        except Exception as exc:  # UserError: the file cannot be read; say why and stay open
            self.preview = None
            self.mapping_model.set_source([], [], {})
            self.rows_model.set_rows([])
            self.format_label.clear()
            self.error_label.setText(error_text(exc))
            self._update_state()
            return
        preview = self.preview
        self.encoding_combo.setEditText(preview.encoding or "")
        self.encoding_combo.setEnabled(bool(preview.encoding))  # a workbook (XLSX) has no text encoding
        self.format_label.setText(self._format_text(preview))
        self._show_sheets(preview)
        self.mapping_model.set_source(list(preview.headers), list(preview.rows), dict(preview.mapping))
        self.mapping_view.resizeColumnsToContents()
        for column, limit in ((0, 260), (1, 260)):
            self.mapping_view.setColumnWidth(column, min(self.mapping_view.columnWidth(column), limit))
        mapping = preview.mapping
        # partial, not a lambda with a default (which mypy cannot type): a header is its own title.
        self.rows_model.columns = [
            Column(str(i), partial(str, h), partial(_masked_text, mapping.get(h) or canonical_key(h)))
            for i, h in enumerate(preview.headers)]
        self.rows_model.set_rows([{str(i): v for i, v in enumerate(row)} for row in preview.rows])
        self.rows_view.resizeColumnsToContents()
        self._update_state()

    def _show_sheets(self, preview) -> None:
        names = list(getattr(preview, "sheet_names", []) or [])
        self.sheet_combo.clear()
        for name in names:
            self.sheet_combo.addItem(name, name)
        self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findData(preview.sheet), 0))
        several = len(names) > 1
        self.sheet_combo.setVisible(several)
        self.sheet_label.setVisible(several)

    def chosen_sheet(self) -> str | None:
        return self.sheet_combo.currentData() if self.sheet_combo.count() > 1 else None

    def choose_sheet(self, name: str) -> None:
        """Read another sheet of the workbook (as choosing it in the list does)."""
        self.sheet_combo.setCurrentIndex(self.sheet_combo.findData(name))
        self._reinspect()

    def _format_text(self, preview) -> str:
        delimiter = {",": self.tr("comma"), "\t": self.tr("tab"), ";": self.tr("semicolon"),
                     "|": self.tr("vertical bar")}.get(preview.delimiter or "", preview.delimiter or "—")
        fmt = str(preview.format or "").upper()
        if fmt == "XLSX" and len(getattr(preview, "sheet_names", []) or []) > 1:
            return self.tr("{0}, sheet “{1}” of {2}, header in row {3}").format(
                fmt, preview.sheet, len(preview.sheet_names), preview.header_row)
        if fmt == "XLSX":
            return self.tr("{0}, header in row {1}").format(fmt, preview.header_row)
        return self.tr("{0}, columns separated by {1}, header in row {2}").format(
            fmt, delimiter, preview.header_row)

    def _reinspect(self) -> None:
        if self.path is None:
            return
        column_map = self.mapping_model.mapping if self.mapping_changed_by_user else None
        self._inspect(encoding=self.encoding_combo.currentText().strip() or None,
                      column_map=column_map, profile=self.profile_combo.currentData(), sheet=self.chosen_sheet())

    def _reinspect_if_encoding_changed(self) -> None:
        if self.preview is not None and self.encoding_combo.currentText().strip() != self.preview.encoding:
            self._reinspect()

    def _on_profile_chosen(self) -> None:
        self.mapping_changed_by_user = False
        self._reinspect()

    def _on_mapping_edited(self) -> None:
        self.mapping_changed_by_user = True
        self._update_state()

    def set_mapping(self, header: str, key: str | None) -> None:
        """Map one source column (as the combo in the table does)."""
        self.mapping_model.set_target(header, key)

    def missing_required(self) -> list[str]:
        return missing_required(self.mapping_model.mapping) if self.preview is not None else []

    def save_profile(self) -> None:
        name = self.context.dialogs.ask_text(self, self.tr("Save mapping as profile"),
                                             self.tr("Profile name (e.g. the hospital or the platform):"),
                                             self.profile_combo.currentData() or "")
        if not name:
            return
        job = self.context.runner.submit(save_profile_job, name, dict(self.mapping_model.mapping),
                                         actor=self.context.actor, db_path=self.context.workspace.db_path,
                                         name="save_profile")
        job.finished.connect(lambda _r: self._profile_saved(name))
        job.failed.connect(lambda exc: self.error_label.setText(error_text(exc)))
        self.profile_job = job

    def _profile_saved(self, name: str) -> None:
        self._fill_profiles()
        self.profile_combo.setCurrentIndex(max(self.profile_combo.findData(name), 0))
        self.status_label.setText(self.tr("Profile “{0}” saved.").format(name))

    # -- step 2: the import ----------------------------------------------------
    def start_import(self) -> Job | None:
        if self.preview is None or self.missing_required() or self.is_running():
            return None
        column_map = dict(self.mapping_model.mapping)
        profile = None if self.mapping_changed_by_user else self.profile_combo.currentData()
        self.error_label.clear()
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("Importing…"))
        self.job = self.context.runner.submit(
            import_job, self.path, actor=self.context.user, period=self.period_edit.text().strip() or None,
            profile=profile, column_map=column_map, encoding=self.encoding_combo.currentText().strip() or None,
            sheet=self.chosen_sheet(), db_path=self.context.workspace.db_path, name="import")
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(self._on_failed)
        self.job.cancelled.connect(self._on_cancelled)
        self._update_state()
        return self.job

    def is_running(self) -> bool:
        return self.job is not None and not self.job.is_done()

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(int(fraction * 100))
        if message:
            self.status_label.setText(message)

    def _on_finished(self, outcome) -> None:
        result = self.import_result = getattr(outcome, "result", outcome)
        self.progress_bar.setValue(100)
        self.status_label.clear()
        self.result_panel.show_result(result)
        self.stack.setCurrentWidget(self.result_panel)
        self._update_state()
        if result.batch_id is not None:
            self.imported.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("Nothing was imported."))
        self.error_label.setText(error_text(exc))
        self._update_state()

    def _on_cancelled(self) -> None:
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("Cancelled: nothing was imported."))
        self._update_state()

    def reject(self) -> None:
        if self.is_running():  # first cancel the job; the dialog stays until it has rolled back
            self.status_label.setText(self.tr("Cancelling…"))
            assert self.job is not None, "is_running() says there is a job"
            self.job.cancel()
            return
        super().reject()

    # -- state ----------------------------------------------------------------
    def _update_state(self) -> None:
        running = self.is_running()
        done = self.stack.currentWidget() is self.result_panel
        missing = self.missing_required()
        if missing:
            names = self.tr(", ").join(FIELDS_BY_KEY[k].zh if language() == "zh" else f"{k} ({FIELDS_BY_KEY[k].zh})"
                             for k in missing)
            self.missing_label.setText(self.tr("No column is imported as these required fields: {0}. Choose "
                                               "them in “Imported as”, or pick a mapping profile.").format(names))
        else:
            self.missing_label.clear()
        self.missing_label.setVisible(bool(missing))
        ready = self.preview is not None and not missing
        self.import_button.setVisible(not done)
        self.import_button.setEnabled(ready and not running)
        self.save_profile_button.setEnabled(self.preview is not None and not running)
        self.progress_bar.setVisible(running or done)
        self.cancel_button.setText(self.tr("Close") if done else self.tr("Cancel"))
        setup_page = self.stack.widget(0)
        assert setup_page is not None, "the setup page is the stack's first page"
        setup_page.setEnabled(not running)


def _masked_text(key: str | None, value: object) -> str:
    """A sample cell as the preview shows it: personal data masked, blank for None."""
    return str(masked(key, value) or "")


def _preview(workspace) -> ImportDialog:
    from workstation.services.context import Actor, current_actor
    from workstation.ui.jobs import JobRunner
    from workstation.ui.settings import settings
    from workstation.ui.widgets.dialogs import DialogService

    user = Actor(current_actor())
    return ImportDialog(AppContext(workspace, JobRunner(workspace), settings(), DialogService(), user))


if __name__ == "__main__":
    from workstation.ui.widgets.preview import run_preview

    raise SystemExit(run_preview(_preview, "ImportDialog"))
