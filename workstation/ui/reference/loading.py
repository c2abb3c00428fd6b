"""Loading a group or hospital table from the reference page, and exporting the group table.

The load runs on the writer thread (``operations.load_groups`` / ``load_hospitals``, the same
as the command line). When it would refuse more rows than the rules allow, nothing is changed
and the user is shown the refused rows' reasons and asked whether to load the rest anyway;
yes loads again with ``accept_partial`` (an audit event), as ``--accept-partial`` does.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from workstation.domain.authority import Action
from workstation.services.authority import allows
from workstation.services.operations import Outcome, PartialLoadRefused
from workstation.services.output_paths import OutputRefused
from workstation.services.reference_export import export_groups_csv
from workstation.ui.context import AppContext
from workstation.ui.jobs import Job
from workstation.ui.reference.tasks import load_reference_job
from workstation.ui.widgets.dialogs import error_text
from workstation.ui.workspace import ChangeSet

TABLE_FILTERS = "CSV / TXT / XLSX (*.csv *.txt *.tsv *.xlsx)"


class ReferenceLoadBar(QWidget):
    """Buttons: load a group table, load a hospital table, export the group table."""

    loaded = Signal(object)  # the operation's Outcome

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.job: Job | None = None
        self.load_groups_button = QPushButton(self.tr("Load group table…"), self)
        self.load_hospitals_button = QPushButton(self.tr("Load hospital table…"), self)
        self.export_button = QPushButton(self.tr("Export group table…"), self)
        self.status = QLabel(self)
        self.load_groups_button.clicked.connect(lambda: self.choose_and_load("groups"))
        self.load_hospitals_button.clicked.connect(lambda: self.choose_and_load("hospitals"))
        self.export_button.clicked.connect(self.export_groups)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.load_groups_button, self.load_hospitals_button, self.export_button):
            layout.addWidget(button)
        layout.addWidget(self.status, 1)
        # Who may load is the authority's (an administrator's by default; anyone without accounts):
        # a button the user may not press is not shown.
        db = context.workspace.db
        self.may_load_kind = {"groups": bool(allows(db, context.user, Action.LOAD_GROUPS)),
                              "hospitals": bool(allows(db, context.user, Action.LOAD_HOSPITALS))}
        self.may_load = any(self.may_load_kind.values())
        self.load_groups_button.setVisible(self.may_load_kind["groups"])
        self.load_hospitals_button.setVisible(self.may_load_kind["hospitals"])
        self._set_busy(False)

    def choose_and_load(self, kind: str) -> Job | None:
        title = self.tr("Load group table") if kind == "groups" else self.tr("Load hospital table")
        path = self.context.dialogs.open_file(self, title, "", TABLE_FILTERS)
        return self.load(kind, Path(path)) if path else None

    def load(self, kind: str, path: Path, *, accept_partial: bool = False) -> Job:
        self.status.setText(self.tr("Loading {0}…").format(path.name))
        self._set_busy(True)
        self.job = self.context.runner.submit(
            load_reference_job, kind, path, actor=self.context.user, accept_partial=accept_partial,
            db_path=self.context.workspace.db_path, name=f"load-{kind}")
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(lambda exc: self._on_failed(kind, path, exc))
        self.job.cancelled.connect(lambda: self._on_ended(self.tr("Cancelled: nothing was changed.")))
        return self.job

    def _set_busy(self, busy: bool) -> None:
        for kind, button in (("groups", self.load_groups_button), ("hospitals", self.load_hospitals_button)):
            button.setEnabled(self.may_load_kind[kind] and not busy)
        self.export_button.setEnabled(not busy)

    def _on_ended(self, status: str) -> None:
        self._set_busy(False)
        self.status.setText(status)

    def _on_finished(self, outcome: Outcome) -> None:
        self._on_ended(self.tr("Loaded."))
        self.context.workspace.notify(ChangeSet(results=True, reference=True))
        self.context.dialogs.inform(self, self.tr("Table loaded"), "\n".join(outcome.summary_lines()))
        self.loaded.emit(outcome)

    def _on_failed(self, kind: str, path: Path, exc: BaseException) -> None:
        self._on_ended(self.tr("Nothing was changed."))
        if not isinstance(exc, PartialLoadRefused):
            self.context.dialogs.warn(self, self.tr("Table not loaded"), error_text(exc))
            return
        # The message already says what --accept-partial would do; here the question is asked.
        text = error_text(exc) + "\n\n" + self.tr("Load the other rows anyway? This is recorded in the audit log.")
        answer = self.context.dialogs.choose(self, self.tr("Load only part of the table?"), text,
                                             [("load", self.tr("Load the other rows"))], "")
        if answer == "load":
            self.load(kind, path, accept_partial=True)

    def export_groups(self) -> Path | None:
        path = self.context.dialogs.save_file(self, self.tr("Export group table"), "groups.csv", "CSV (*.csv)")
        if not path:
            return None
        try:
            count = export_groups_csv(self.context.workspace.db, path)
        except (OutputRefused, OSError) as exc:  # the database, a folder, a full disk: said, nothing written
            self.context.dialogs.warn(self, self.tr("Export failed"), str(exc))
            return None
        self.status.setText(self.tr("{0} groups exported to {1}").format(f"{count:,}", Path(path).name))
        return Path(path)
