"""The reports page: preview and print the period summary, the minutes or a case notice's draft;
issue a notice (its own action, offered only where the authority allows it); write all notices
of a period as a job with progress and cancel.

Every PDF comes from the same job functions as the command line (``reports.previews``,
``reports.batch``), run by the JobRunner off the GUI thread. A notice's preview is a 样稿 / DRAFT
with no number and takes nothing; only 出具告知书 / Issue the notice… takes a number.
Runnable on its own: ``python -m workstation.ui.reports.page --db PATH``.
"""
from __future__ import annotations

import os

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.authority import Action, Facts, authorize
from workstation.domain.messages import language
from workstation.reports.batch import print_period_notices
from workstation.reports.previews import issue_notice_file, minutes_pdf, notice_pdf, summary_pdf
from workstation.reports.signing import PASSWORD_VARIABLE, SigningKey, check_key
from workstation.services.minutes import review_cycles
from workstation.services.report_settings import report_settings
from workstation.ui.context import AppContext
from workstation.ui.jobs import Job
from workstation.ui.reports.preview import PdfPreview
from workstation.ui.widgets.dialogs import error_text


class ReportsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.job: Job | None = None
        self.period = QComboBox(self)
        self.period.setObjectName("ReportPeriod")
        self.application = QSpinBox(self)
        self.application.setObjectName("NoticeApplication")
        self.application.setRange(1, 10**9)
        self.application.setPrefix(self.tr("Application "))
        self.summary_button = QPushButton(self.tr("Preview the period summary"), self)
        self.notice_button = QPushButton(self.tr("Preview the notice (draft)"), self)
        self.issue_button = QPushButton(self.tr("Issue the notice…"), self)
        self.issue_button.setObjectName("IssueNotice")
        self.cycle = QComboBox(self)
        self.cycle.setObjectName("MinutesCycle")
        self.minutes_button = QPushButton(self.tr("Preview the minutes"), self)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.all_button = QPushButton(self.tr("All notices of the period…"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.progress = QProgressBar(self)
        self.status = QLabel(self)
        self.status.setObjectName("ReportStatus")
        self.preview = PdfPreview(context.dialogs, self)

        self.summary_button.clicked.connect(self.preview_summary)
        self.notice_button.clicked.connect(self.preview_notice)
        self.issue_button.clicked.connect(self.issue_notice)
        self.minutes_button.clicked.connect(self.preview_minutes)
        self.print_button.clicked.connect(self.print_preview)
        self.all_button.clicked.connect(self.print_all_notices)
        self.cancel_button.clicked.connect(self.cancel)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Period:"), self))
        bar.addWidget(self.period)
        bar.addWidget(self.summary_button)
        bar.addSpacing(12)
        bar.addWidget(self.application)
        bar.addWidget(self.notice_button)
        bar.addWidget(self.issue_button)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Review cycle:"), self))
        bar.addWidget(self.cycle)
        bar.addWidget(self.minutes_button)
        bar.addSpacing(12)
        bar.addWidget(self.print_button)
        bar.addWidget(self.all_button)
        bar.addStretch(1)
        jobs = QHBoxLayout()
        jobs.addWidget(self.status, 1)
        jobs.addWidget(self.progress)
        jobs.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(jobs)
        layout.addWidget(self.preview, 1)
        self.reload_periods()
        self._set_running(False)
        self.status.setText(self.tr("Preview a period's summary, or the notice of an application by its number; "
                                    "then print it, or write every notice of the period to a folder."))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Periods and review cycles come and go with imports and applications: read them anew."""
        self.reload_periods()
        super().showEvent(event)

    def reload_periods(self) -> None:
        chosen_period, chosen_cycle = self.period.currentData(), self.cycle.currentData()
        self.period.clear()
        for period in reversed(self.context.workspace.periods()):
            self.period.addItem(period, period)
        self.cycle.clear()
        for cycle in reversed(review_cycles(self.context.workspace.db)):  # a few rows: applications' cycles
            self.cycle.addItem(cycle, cycle)
        for combo, chosen in ((self.period, chosen_period), (self.cycle, chosen_cycle)):
            if chosen is not None and combo.findData(chosen) >= 0:
                combo.setCurrentIndex(combo.findData(chosen))

    def may_issue(self) -> bool:
        """Issuing is offered only where the authority says yes, asked with the same facts as the
        service (the notice settings complete)."""
        complete = report_settings(self.context.workspace.db).complete
        return bool(authorize(self.context.user.role, Action.ISSUE_NOTICE, Facts(settings_complete=complete)))

    def _set_running(self, running: bool) -> None:
        allowed = self.may_issue()
        self.issue_button.setVisible(allowed)
        self.all_button.setVisible(allowed)
        for button in (self.summary_button, self.notice_button, self.minutes_button, self.all_button,
                       self.issue_button):
            button.setEnabled(not running)
        self.print_button.setEnabled(not running and bool(self.preview.data))  # prints what is previewed
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)

    def _run(self, fn, *args, on_result) -> Job:
        self._set_running(True)
        self.progress.setValue(0)
        job = self.context.runner.submit(fn, *args, db_path=self.context.workspace.db_path, name=fn.__name__)
        job.progress.connect(lambda fraction, _message: self.progress.setValue(int(fraction * 100)))
        job.finished.connect(on_result)
        job.failed.connect(lambda exc: self.context.dialogs.warn(self, self.tr("Reports"), error_text(exc)))
        job.cancelled.connect(lambda: self.status.setText(self.tr("Cancelled.")))
        job.done.connect(lambda: self._set_running(False))
        self.job = job
        return job

    def _show(self, data: bytes) -> None:
        self.preview.show_pdf(data)
        self.status.setText(self.tr("%n page(s)", "", len(self.preview.pages)))

    def preview_summary(self) -> Job:
        return self._run(summary_pdf, self.period.currentData() or "", language(), on_result=self._show)

    def preview_notice(self) -> Job:
        return self._run(notice_pdf, self.application.value(), language(), on_result=self._show)

    def _signing_key(self) -> SigningKey | None | bool:
        """The certificate to sign with when the settings name one; False when the user cancelled."""
        settings = report_settings(self.context.workspace.db)
        if not settings.certificate_path:
            return None
        passphrase = os.environ.get(PASSWORD_VARIABLE)
        if passphrase is None:
            passphrase = self.context.dialogs.ask_text(self, self.tr("Signing certificate"),
                                                       self.tr("Passphrase of the signing certificate:"))
            if passphrase is None:
                return False
        key = SigningKey(settings.certificate_path, passphrase.encode("utf-8"))
        check_key(key, settings.certificate_sha256)
        return key

    def issue_notice(self) -> Job | None:
        """Issue (or reprint) the notice to a file chosen by the user: the number is taken only when
        the PDF is written."""
        application = self.application.value()
        path = self.context.dialogs.save_file(self, self.tr("Issue the notice"), f"notice-{application}.pdf",
                                              self.tr("PDF (*.pdf)"))
        if not path:
            return None
        try:
            key = self._signing_key()
        except Exception as exc:  # noqa: BLE001 - a wrong passphrase or file, shown to the user
            self.context.dialogs.warn(self, self.tr("Reports"), error_text(exc))
            return None
        if key is False:
            return None

        def done(number: str) -> None:
            self.status.setText(self.tr("Notice {0} written to {1}").format(number, path))
        return self._run(issue_notice_file, self.context.user, application, language(), path,
                         key or None, on_result=done)

    def preview_minutes(self) -> Job | None:
        cycle = self.cycle.currentData()
        if not cycle:
            self.context.dialogs.inform(self, self.tr("Reports"), self.tr("No review cycle has applications yet."))
            return None
        return self._run(minutes_pdf, cycle, language(), on_result=self._show)

    def print_preview(self) -> None:
        if not self.preview.data:
            self.context.dialogs.inform(self, self.tr("Reports"), self.tr("Preview a report first."))
            return
        self.preview.print_pages()

    def print_all_notices(self) -> Job | None:
        period = self.period.currentData()
        folder = self.context.dialogs.choose_folder(self, self.tr("Folder for the notices"), "")
        if not period or not folder:
            return None

        def done(result) -> None:
            self.status.setText(self.tr("%n notice(s) written to {0}", "", result.written).format(folder))
        try:
            key = self._signing_key()
        except Exception as exc:  # noqa: BLE001 - a wrong passphrase or file, shown to the user
            self.context.dialogs.warn(self, self.tr("Reports"), error_text(exc))
            return None
        if key is False:
            return None
        return self._run(print_period_notices, self.context.user, period, folder, key or None, on_result=done)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()


if __name__ == "__main__":  # pragma: no cover - a manual preview
    import argparse
    import sys

    from PySide6.QtWidgets import QApplication

    from workstation.services.context import Actor, current_actor
    from workstation.ui.jobs import JobRunner
    from workstation.ui.settings import settings
    from workstation.ui.startup import prepare_application
    from workstation.ui.widgets.dialogs import DialogService
    from workstation.ui.workspace import Workspace

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--lang", default="zh")
    options = parser.parse_args()
    app = QApplication(sys.argv)
    prepare_application(options.lang)
    workspace = Workspace(options.db)
    page = ReportsPage(AppContext(workspace, JobRunner(app), settings(), DialogService(), Actor(current_actor())))
    page.resize(1366, 768)
    page.show()
    sys.exit(app.exec())
