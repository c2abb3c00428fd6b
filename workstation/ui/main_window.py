"""The review desk's main window: menus, toolbar with the period selector, status bar,
and the pages (case queue, charts, batches, reference data) as tabs.

The window holds no domain logic and no database writes: pages read through the
workspace, the import runs on the writer thread, and requests that replace the
window itself (another database, another language) go to the controller in
``workstation.ui.app`` through signals.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation import __version__
from workstation.domain.accounts import Role
from workstation.domain.authority import Action
from workstation.services import personal_data
from workstation.services.audit_trail import opening_warning
from workstation.services.authority import allows
from workstation.services.batches import imported_case_count
from workstation.services.operations import refresh_stale_results, stale_result_periods
from workstation.ui.accounts.menus import AccountMenus, user_caption
from workstation.ui.batches.page import BatchesPage
from workstation.ui.charts.page import ChartsPage
from workstation.ui.context import AppContext
from workstation.ui.opinions.page import OpinionsPage
from workstation.ui.panel.desk import MyReviewsPage
from workstation.ui.panel.page import PanelSessionsPage
from workstation.ui.queue.page import CaseQueuePage
from workstation.ui.reference.page import ReferencePage
from workstation.ui.reports.page import ReportsPage
from workstation.ui.review.page import ApplicationsPage
from workstation.ui.review.tasks import service_job
from workstation.ui.safety.backups import BackupMenus, read_only_banner
from workstation.ui.weights.page import WeightsPage
from workstation.ui.widgets.dialogs import error_text
from workstation.ui.widgets.elided_label import ElidedLabel
from workstation.ui.widgets.page_state import PageState
from workstation.ui.workspace import ChangeSet

# New pages come last: a saved tab index (settings "window/tab") keeps its page.
(QUEUE_TAB, CHARTS_TAB, BATCHES_TAB, REFERENCE_TAB, APPLICATIONS_TAB, REPORTS_TAB, PANEL_TAB, MY_REVIEWS_TAB, WEIGHTS_TAB,
 OPINIONS_TAB) = range(10)


class MainWindow(QMainWindow):
    language_requested = Signal(str)  # "zh" | "en"
    open_database_requested = Signal()
    new_demo_requested = Signal()
    switch_user_requested = Signal()
    sign_out_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.workspace = context.workspace
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.setWindowTitle(self.tr("DRG Special-Case Review Workstation") + f" — {self.workspace.db_path.name}")
        self._build_pages()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._apply_authority()
        self.workspace.changed.connect(self._on_changed)
        self.workspace.period_changed.connect(self._on_period_changed)
        # Bound methods, never lambdas: the workspace outlives this window (a switch of user or
        # language builds a new one), and Qt disconnects a destroyed receiver's methods only.
        self.workspace.case_selected.connect(self._show_queue)
        self.workspace.queue_filter_requested.connect(self._show_queue)
        self.refresh_periods()
        self.update_case_count()
        self._restore_state()
        self._refresh_stale_results()

    def _show_queue(self, _what: object = None) -> None:
        self.tabs.setCurrentIndex(QUEUE_TAB)

    def _apply_authority(self) -> None:
        """Show only what the signed-in role may do, as the authority answers (services refuse
        the rest anyway): no import, no unmasking, no all-hospital queue where not granted."""
        db, user = self.workspace.db, self.context.user
        self.import_action.setVisible(bool(allows(db, user, Action.IMPORT_BATCH)))
        may_unmask = bool(allows(db, user, Action.UNMASK))
        self.personal_action.setVisible(may_unmask)
        self.queue_page.filter_bar.show_personal.setVisible(may_unmask)
        self.queue_page.show_personal_changed.connect(self._on_personal_shown)
        self.may_view_all = bool(allows(db, user, Action.VIEW_ALL_CASES))
        if not self.may_view_all:
            # An expert sees the blinded cases of the panels they sit on, not every hospital's queue.
            self.queue_page.setVisible(False)
            self.tabs.removeTab(QUEUE_TAB)
            self.no_queue_page = QLabel(self.tr(
                "The case queue of every hospital is not shown to your role. The cases of the panels "
                "you sit on are on the My reviews page, blinded."), self)
            self.no_queue_page.setObjectName("NoQueuePage")
            self.no_queue_page.setWordWrap(True)
            self.no_queue_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tabs.insertTab(QUEUE_TAB, self.no_queue_page, self.tr("Case queue"))
            for action in (self.next_action, self.previous_action, self.search_action, self.filter_action):
                action.setVisible(False)
            # Nor every hospital's applications with the panels' votes, charts, batches or reference
            # data: an expert's desk is My reviews, blinded, where no other expert's vote shows before
            # their own (issue 25).
            for index in range(self.tabs.count()):
                self.tabs.setTabVisible(index, index == MY_REVIEWS_TAB)
            self.tabs.setCurrentIndex(MY_REVIEWS_TAB)

    def _on_personal_shown(self, shown: bool) -> None:
        """Each unmasking is an audit event (services.personal_data.unmask), taken on the writer
        thread; refused, the data is masked again and the refusal shown."""
        if not shown:
            return
        self.unmask_job = self.context.runner.submit(
            service_job, personal_data.unmask, self.context.user, where="queue",
            db_path=self.workspace.db_path, name="unmask")
        self.unmask_job.failed.connect(self._on_unmask_refused)

    def _on_unmask_refused(self, exc: BaseException) -> None:
        self.queue_page.set_show_personal(False)
        self.statusBar().showMessage(error_text(exc))

    # -- building -------------------------------------------------------------
    def _build_pages(self) -> None:
        self.queue_page = CaseQueuePage(self.workspace, self)
        self.queue_page.detail.attach_review(self.context)
        self.applications_page = ApplicationsPage(self.context, self)
        self.charts_page = ChartsPage(self.workspace, self)
        self.batches_page = BatchesPage(self.workspace, self.context.dialogs, self)
        self.reference_page = ReferencePage(self.workspace, self, context=self.context)
        self.reports_page = ReportsPage(self.context, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.queue_page, self.tr("Case queue"))
        self.tabs.addTab(self.charts_page, self.tr("Charts"))
        self.tabs.addTab(self.batches_page, self.tr("Batches"))
        self.tabs.addTab(self.reference_page, self.tr("Reference data"))
        self.tabs.addTab(self.applications_page, self.tr("Applications"))
        self.tabs.addTab(self.reports_page, self.tr("Reports"))
        self.tabs.addTab(PanelSessionsPage(self.context, self), self.tr("Panel sessions"))
        self.tabs.addTab(MyReviewsPage(self.context, self), self.tr("My reviews"))
        self.tabs.addTab(WeightsPage(self.context, self), self.tr("Weights"))
        self.tabs.addTab(OpinionsPage(self.context, self), self.tr("Opinions"))
        # An expert's desk is their reviews: they land there, and see no session planning, no
        # recalibration and no opinion register.
        user, db = self.context.user, self.workspace.db
        self.tabs.setTabVisible(PANEL_TAB, bool(allows(db, user, Action.PANEL_PLAN)))
        self.tabs.setTabVisible(MY_REVIEWS_TAB, user.role == Role.EXPERT)
        self.tabs.setTabVisible(WEIGHTS_TAB, bool(allows(db, user, Action.WEIGHTS_PROPOSE)))
        self.tabs.setTabVisible(OPINIONS_TAB, bool(allows(db, user, Action.OPINION_REGISTER)))
        # A red banner above the pages when the audit log failed its check on opening.
        self.audit_banner = QLabel(self)
        self.audit_banner.setObjectName("AuditBanner")
        self.audit_banner.setWordWrap(True)
        self.audit_banner.setStyleSheet("background: #b00020; color: white; padding: 6px; font-weight: bold;")
        warning = opening_warning(self.workspace.db)
        self.audit_banner.setText(str(warning) if warning is not None else "")
        self.audit_banner.setVisible(warning is not None)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.audit_banner)
        self.read_only_banner = read_only_banner(self, getattr(self.workspace, "read_only", False))
        column.addWidget(self.read_only_banner)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _action(self, text: str, slot, shortcuts=(), icon=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            keys = ", ".join(QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText) for s in shortcuts)
            tip = f"{tip or text.replace('…', '')} ({keys})"
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work whichever page has focus
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.import_action = self._action(self.tr("Import batch…"), self.open_import_dialog, ["Ctrl+I"],
                                          sp.SP_DialogOpenButton, self.tr("Import a settlement batch file"))
        self.open_db_action = self._action(self.tr("Open database…"), self.open_database_requested.emit,
                                           icon=sp.SP_DirOpenIcon)
        self.new_demo_action = self._action(self.tr("New demo database…"), self.new_demo_requested.emit)
        self.quit_action = self._action(self.tr("Quit"), self.close, ["Ctrl+Q"])
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.language_group = QActionGroup(self)
        self.chinese_action = QAction("中文", self, checkable=True)
        self.english_action = QAction("English", self, checkable=True)
        for action, lang in ((self.chinese_action, "zh"), (self.english_action, "en")):
            self.language_group.addAction(action)
            action.setChecked(self.context.settings["ui/language"] == lang)
            action.triggered.connect(lambda _checked=False, lang=lang: self._choose_language(lang))
        self.personal_action = QAction(self.tr("Show personal data"), self, checkable=True)
        self.personal_action.setStatusTip(self.tr("Show patient names and ID numbers unmasked"))
        self.personal_action.toggled.connect(self.queue_page.set_show_personal)
        # The queue has its own checkbox for the same choice: keep the menu in step with it.
        self.queue_page.show_personal_changed.connect(self.personal_action.setChecked)
        self.fullscreen_action = self._action(self.tr("Full screen"), self.toggle_full_screen, ["F11"])

        self.next_action = self._action(self.tr("Next case"), self._next_case, ["Ctrl+Down", "J"],
                                        sp.SP_ArrowDown)
        self.previous_action = self._action(self.tr("Previous case"), self._previous_case, ["Ctrl+Up", "K"],
                                            sp.SP_ArrowUp)
        self.search_action = self._action(self.tr("Search"), self._focus_search, ["Ctrl+F"],
                                          sp.SP_FileDialogContentsView, self.tr("Search by case or patient ID"))
        self.filter_action = self._action(self.tr("Filter"), self._focus_filter, ["Ctrl+L"],
                                          sp.SP_FileDialogDetailedView, self.tr("Filter the case queue"))

        self.groups_action = self._action(self.tr("DRG groups"), lambda: self.show_reference("groups"))
        self.hospitals_action = self._action(self.tr("Hospitals"), lambda: self.show_reference("hospitals"))
        self.rules_action = self._action(self.tr("Rules"), lambda: self.show_reference("rules"))
        self.about_action = self._action(self.tr("About"), self.show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = self.file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addActions([self.import_action, self.open_db_action, self.new_demo_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = bar.addMenu(self.tr("&View"))
        language_menu = view_menu.addMenu(self.tr("Language"))
        language_menu.addActions([self.chinese_action, self.english_action])
        view_menu.addAction(self.personal_action)
        self.columns_menu = view_menu.addMenu(self.tr("Queue columns"))
        self.columns_menu.aboutToShow.connect(lambda: self.queue_page.fill_column_menu(self.columns_menu))
        view_menu.addAction(self.fullscreen_action)
        case_menu = bar.addMenu(self.tr("&Case"))
        case_menu.addActions([self.next_action, self.previous_action])
        case_menu.addSeparator()
        case_menu.addActions([self.search_action, self.filter_action])
        reference_menu = bar.addMenu(self.tr("&Reference data"))
        reference_menu.addActions([self.groups_action, self.hospitals_action, self.rules_action])
        help_menu = self.help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)
        self.account_menus = AccountMenus(self)  # File: sign out; Tools: users, experts; Help: audit trail
        self.backup_menus = BackupMenus(self)  # File: back up now, restore from a backup

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("MainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.import_action)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(self.tr("Period:") + " ", toolbar))
        self.period_combo = QComboBox(toolbar)
        self.period_combo.setObjectName("PeriodCombo")
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_combo.setMinimumContentsLength(10)
        self.period_combo.currentIndexChanged.connect(self._on_period_chosen)
        toolbar.addWidget(self.period_combo)
        toolbar.addSeparator()
        toolbar.addActions([self.previous_action, self.next_action, self.search_action, self.filter_action])

    def _refresh_stale_results(self) -> None:
        """Periods an earlier import left without fresh results (killed, or another program was
        writing) are recomputed on the writer thread, with progress in the status bar."""
        stale = stale_result_periods(self.workspace.db)
        if not stale:
            self.refresh_job = None
            return
        self.statusBar().showMessage(self.tr("Bringing the results of {0} up to date…").format(", ".join(stale)))
        self.refresh_job = self.context.runner.submit(
            _refresh_job, actor=self.context.actor, db_path=self.workspace.db_path, name="refresh_results")
        self.refresh_job.progress.connect(
            lambda fraction, _message: self.statusBar().showMessage(
                self.tr("Bringing the results up to date… {0}%").format(int(fraction * 100))))
        self.refresh_job.finished.connect(self._on_results_refreshed)
        self.refresh_job.failed.connect(lambda exc: self.statusBar().showMessage(str(exc)))

    def _on_results_refreshed(self, _outcome) -> None:
        self.statusBar().showMessage(self.tr("The results are up to date."), 5000)
        self.workspace.notify(ChangeSet(results=True))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.db_label = ElidedLabel(self.tr("Database: {0}").format(self.workspace.db_path))
        self.db_label.setToolTip(str(self.workspace.db_path))
        self.count_label = QLabel()
        self.user_label = QLabel(user_caption(self.context.user))
        self.user_label.setObjectName("UserLabel")
        self.busy_label = QLabel(self.tr("Working…"))
        self.busy_label.setVisible(self.context.runner.is_busy())
        self.context.runner.busy_changed.connect(self.busy_label.setVisible)
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(self.busy_label)
        bar.addPermanentWidget(self.count_label)
        bar.addPermanentWidget(self.user_label)

    # -- period and counts ----------------------------------------------------
    def refresh_periods(self) -> None:
        current = self.workspace.period
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        self.period_combo.addItem(self.tr("All periods"), "")
        for period in self.workspace.periods():
            self.period_combo.addItem(period, period)
        index = self.period_combo.findData(current)
        self.period_combo.setCurrentIndex(max(index, 0))
        self.period_combo.blockSignals(False)
        if index < 0 and current:
            self.workspace.set_period("")

    def _on_period_chosen(self, index: int) -> None:
        self.workspace.set_period(self.period_combo.itemData(index) or "")

    def _on_period_changed(self, period: str) -> None:
        index = self.period_combo.findData(period)
        if index >= 0 and index != self.period_combo.currentIndex():
            self.period_combo.setCurrentIndex(index)
        self.update_case_count()

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.batches:
            self.refresh_periods()
            self.update_case_count()

    def case_count(self) -> int:
        """Cases of the selected period."""
        return imported_case_count(self.workspace.db, self.workspace.period)

    def update_case_count(self) -> None:
        count = self.case_count()
        period = self.workspace.period or self.tr("all periods")
        self.count_label.setText(self.tr("{0}: {1} cases").format(period, f"{count:,}"))

    # -- commands -------------------------------------------------------------
    def open_import_dialog(self):
        """Open the import dialog (window-modal, not a nested event loop); returns it."""
        from workstation.ui.import_dialog.dialog import ImportDialog

        dialog = ImportDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._on_imported)
        dialog.open()
        return dialog

    # A batch file dropped on the window opens the import dialog with it.
    @staticmethod
    def _dropped_table(event) -> str | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [u.toLocalFile() for u in urls if u.isLocalFile()]
        tables = [p for p in paths if p.lower().endswith((".csv", ".tsv", ".txt", ".xlsx"))]
        return tables[0] if len(paths) == 1 and tables else None

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._dropped_table(event):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        path = self._dropped_table(event)
        if path:
            event.acceptProposedAction()
            self.open_import_dialog().load_file(path)

    def _on_imported(self, result) -> None:
        self.workspace.notify(ChangeSet(batches=True, results=True))
        period = getattr(result, "period", None)
        if period and self.period_combo.findData(period) >= 0:
            self.workspace.set_period(period)

    def show_reference(self, which: str) -> None:
        self.tabs.setCurrentIndex(REFERENCE_TAB)
        self.reference_page.show_section(which)

    def _on_queue(self, method: str) -> None:
        self.tabs.setCurrentIndex(QUEUE_TAB)
        getattr(self.queue_page, method)()

    def _next_case(self) -> None:
        self._on_queue("next_case")

    def _previous_case(self) -> None:
        self._on_queue("previous_case")

    def _focus_search(self) -> None:
        self._on_queue("focus_search")

    def _focus_filter(self) -> None:
        self._on_queue("focus_filter")

    def _choose_language(self, lang: str) -> None:
        if lang != self.context.settings["ui/language"]:
            self.language_requested.emit(lang)

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About"), self.tr(
            "<h3>DRG Special-Case Review Workstation</h3><p>Version {0}</p>"
            "<p>Imports settlement batches, finds outlier cases by the rules in force and "
            "supports the special-case review.</p>").format(__version__))

    # -- state ----------------------------------------------------------------
    def _restore_state(self) -> None:
        settings = self.context.settings
        if not settings["window/geometry"].isEmpty():
            self.restoreGeometry(settings["window/geometry"])
        else:
            screen = QApplication.primaryScreen()
            area = screen.availableGeometry() if screen else None
            if area is not None:
                self.resize(min(1280, area.width()), min(800, area.height()))
        if not settings["window/state"].isEmpty():
            self.restoreState(settings["window/state"])
        self.tabs.setCurrentIndex(min(max(settings["window/tab"], 0), self.tabs.count() - 1))
        if self.context.user.role == Role.EXPERT:
            self.tabs.setCurrentIndex(MY_REVIEWS_TAB)
        # Splitters of every page, and the queue's columns (the one table whose columns a
        # reviewer arranges; the others size themselves to their data).
        self.page_states = [
            PageState(settings, "queue", self.queue_page, (self.queue_page.table,)),
            PageState(settings, "charts", self.charts_page),
            PageState(settings, "batches", self.batches_page),
            PageState(settings, "reference", self.reference_page),
            PageState(settings, "applications", self.applications_page),  # its columns fit its width
        ]

    def save_state(self) -> None:
        settings = self.context.settings
        settings["window/geometry"] = self.saveGeometry()
        settings["window/state"] = self.saveState()
        settings["window/tab"] = self.tabs.currentIndex()
        for state in self.page_states:
            state.save()
        settings.sync()

    def closeEvent(self, event) -> None:
        if self.context.runner.is_busy():
            answer = self.context.dialogs.choose(
                self, self.tr("A job is running"),
                self.tr("An import or another job is still running. If you quit now it is cancelled "
                        "and what it wrote is rolled back."),
                [("quit", self.tr("Cancel the job and quit"))], "quit")
            if answer != "quit":
                event.ignore()
                return
            self.context.runner.cancel_all()
        self.save_state()
        super().closeEvent(event)


def _refresh_job(control, db, *, actor: str):
    """On the writer thread (ui.jobs): the stale periods' results, recomputed."""
    return refresh_stale_results(db, actor=actor, control=control)
