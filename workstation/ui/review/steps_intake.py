"""Steps of the acceptance check (受理/初审): create an application for a case, accept (with a
supervisor's override beyond the quota), return for supplement, resubmit, refuse."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QWidget

from workstation.domain.bounds import FREE_TEXT_CHARS
from workstation.domain.review.policy import ReviewPolicy
from workstation.domain.review.quota import beyond_quota
from workstation.domain.review.settlement import Method
from workstation.domain.review.workflow import Step
from workstation.services import review
from workstation.services.applications import create_from_case
from workstation.services.review.view import ApplicationView, may_override_quota
from workstation.ui.context import AppContext
from workstation.ui.review.labels import method_text, reason_text
from workstation.ui.review.step_dialog import InvalidInput, Request, StepDialog, amount_fen


class CreateApplicationDialog(StepDialog):
    """A reviewer enters the hospital's paper application for a case of the queue."""

    def __init__(self, context: AppContext, case_pk: int, case_id: str, parent: QWidget | None = None):
        super().__init__(context, None, parent)
        self.case_pk = case_pk
        self.setWindowTitle(self.tr("Create a special-case application"))
        self.header.setText(self.tr("Case {0}: the hospital's application, as its form says").format(case_id))
        policy: ReviewPolicy = review.policy_of(self.db)
        self.reason = QComboBox(self)
        for code in policy.eligible_reasons:
            self.reason.addItem(reason_text(code), code)
        self.statement = self.text_box(self.tr("Why the hospital asks for a special-case review"), 4)
        self.submitted = QDateEdit(QDate.currentDate(), self)
        self.submitted.setCalendarPopup(True)
        self.submitted.setDisplayFormat("yyyy-MM-dd")
        self.method = QComboBox(self)
        self.method.addItem(self.tr("(not stated)"), None)
        for method in Method:
            self.method.addItem(method_text(method), method.value)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("yuan, optional"))
        self.documents = QLineEdit(self)
        self.documents.setMaxLength(FREE_TEXT_CHARS)
        self.documents.setPlaceholderText(self.tr("e.g. progress notes; invoices"))
        self.form.addRow(self.tr("Reason:"), self.reason)
        self.form.addRow(self.tr("Statement:"), self.statement)
        self.form.addRow(self.tr("Submitted on:"), self.submitted)
        self.form.addRow(self.tr("Requested method:"), self.method)
        self.form.addRow(self.tr("Requested amount:"), self.amount)
        self.form.addRow(self.tr("Documents:"), self.documents)

    def request(self) -> Request:
        statement = self.required(self.statement, self.tr("Statement"))
        day = self.submitted.date()
        return create_from_case, (self.context.user, self.case_pk), {
            "reason": self.reason.currentData(), "statement": statement,
            "submitted_on": date(day.year(), day.month(), day.day()),
            "requested_method": self.method.currentData(),
            "requested_amount_fen": amount_fen(self.amount.text(), self.tr("Requested amount")),
            "documents": self.documents.text().strip() or None}


class AcceptDialog(StepDialog):
    """受理. Shows the hospital's quota; beyond it a supervisor writes the override's reason."""

    step = Step.ACCEPT

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        self.quota_label = QLabel(self.tr("Checking the hospital's quota…"), self)
        self.quota_label.setObjectName("quotaLabel")
        self.quota_label.setWordWrap(True)
        self.override = self.text_box(self.tr("Why this application is accepted beyond the quota"))
        self.override_label = QLabel(self.tr("Override reason:"), self)
        self.form.addRow(self.tr("Quota:"), self.quota_label)
        self.form.addRow(self.override_label, self.override)
        self.set_over_quota(False)
        app = view.application
        read = context.workspace.reads.read(review.quota_use, app["period"], app["hospital_code"], name="quota")
        read.finished.connect(self._show_quota)

    def _show_quota(self, uses) -> None:
        use = uses[0] if uses else None
        quota, used = (use.quota, use.used) if use else (0, 0)
        app = self.view.application if self.view else {}
        self.quota_label.setText(self.tr("{0} of {1} applications accepted for hospital {2} in {3}").format(
            used, quota, app.get("hospital_code", ""), app.get("period", "")))
        self.set_over_quota(beyond_quota(used, quota))

    def set_over_quota(self, over: bool) -> None:
        self.over_quota = over
        may_override = over and may_override_quota(self.db, self.context.user)  # never a box for a reviewer
        self.override.setVisible(may_override)
        self.override_label.setVisible(may_override)
        self.fit_contents()
        if over:
            self.quota_label.setStyleSheet("color: #b3261e")
            self.quota_label.setText(self.quota_label.text() + " — " + self.tr(
                "the quota is used up: only a supervisor may accept, with a written reason."))
            self.adjustSize()  # room for the reason box that just appeared

    def request(self) -> Request:
        assert self.view is not None
        reason = self.override.toPlainText().strip() or None
        return review.accept, (self.context.user, self.view.id), {"override_reason": reason}


class ReturnDialog(StepDialog):
    step = Step.RETURN

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        self.missing = self.text_box(self.tr("What the hospital must supply, e.g. progress notes of days 30–70"))
        self.form.addRow(self.tr("Missing:"), self.missing)

    def request(self) -> Request:
        assert self.view is not None
        return review.return_for_supplement, (self.context.user, self.view.id,
                                              self.required(self.missing, self.tr("Missing"))), {}


class ResubmitDialog(StepDialog):
    step = Step.RESUBMIT

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        self.asked = asked = QLabel(view.application.get("status_note") or "—", self)
        asked.setWordWrap(True)
        self.supplied = self.text_box(self.tr("What the hospital supplied"))
        self.form.addRow(self.tr("Asked for:"), asked)
        self.form.addRow(self.tr("Supplied:"), self.supplied)

    def request(self) -> Request:
        assert self.view is not None
        return review.resubmit, (self.context.user, self.view.id, self.supplied.toPlainText().strip()), {}


class RefuseDialog(StepDialog):
    step = Step.REFUSE

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        self.reason = self.text_box(self.tr("Why the application is not eligible"))
        self.form.addRow(self.tr("Reason:"), self.reason)

    def request(self) -> Request:
        assert self.view is not None
        return review.refuse, (self.context.user, self.view.id, self.required(self.reason, self.tr("Reason"))), {}


__all__ = ["AcceptDialog", "CreateApplicationDialog", "InvalidInput", "RefuseDialog", "ResubmitDialog",
           "ReturnDialog"]
