"""Steps of the negotiation and the decision (协商与决定): propose, answer, draft / amend, sign
(four-eyes), notify, appeal, close."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QButtonGroup, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QRadioButton, QWidget

from workstation.domain.fields import fee_name
from workstation.domain.review.workflow import Step
from workstation.services.review import decisions as review_decisions
from workstation.services.review.view import ApplicationView
from workstation.ui.context import AppContext
from workstation.ui.review.labels import answer_text, method_text, yuan
from workstation.ui.review.step_dialog import InvalidInput, Request, StepDialog, amount_fen
from workstation.ui.review.terms import TermsEditor


def terms_text(terms: dict) -> str:
    """One line: the method and what it needs."""
    parts = [method_text(terms.get("method"))]
    deductions = terms.get("deductions") or {}
    if deductions:
        parts.append(", ".join(f"{fee_name(k)} −{yuan(v)}" for k, v in deductions.items()))
    if terms.get("points"):
        parts.append(QCoreApplication.translate("ReviewTerms", "{0} points").format(terms["points"]))
    if terms.get("amount_fen") is not None:
        parts.append(QCoreApplication.translate("ReviewTerms", "{0} yuan").format(yuan(terms["amount_fen"])))
    return " · ".join(parts)


class _TermsDialog(StepDialog):
    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        self.terms = TermsEditor(context.workspace, view.id, self)
        self.form.addRow(self.terms)
        self.setMinimumSize(620, 560)


class ProposeDialog(_TermsDialog):
    step = Step.PROPOSE

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        self.text = self.text_box(self.tr("The bureau's proposal as sent to the hospital"))
        self.form.addRow(self.tr("Text:"), self.text)

    def request(self) -> Request:
        assert self.view is not None
        return review_decisions.propose, (self.context.user, self.view.id), {
            **self.terms.terms(), "text": self.text.toPlainText().strip()}


class AnswerDialog(StepDialog):
    """The hospital's written reply to the latest proposal."""

    step = Step.ANSWER
    REPLIES = ("agree", "counter", "disagree")

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        latest = view.rounds[-1] if view.rounds else None
        proposal = QLabel(self.tr("Round {0}: {1}").format(latest["round"], terms_text(latest))
                          if latest else self.tr("No proposal yet."), self)
        proposal.setWordWrap(True)
        self.replies = QButtonGroup(self)
        self.reply_buttons: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        for reply in self.REPLIES:
            button = QRadioButton(answer_text(reply), self)
            button.toggled.connect(self._on_reply)
            self.replies.addButton(button)
            self.reply_buttons[reply] = button
            row.addWidget(button)
        row.addStretch(1)
        self.counter = QLineEdit(self)
        self.counter.setPlaceholderText(self.tr("the amount the hospital asks for, in yuan"))
        self.counter_label = QLabel(self.tr("Counter amount:"), self)
        self.text = self.text_box(self.tr("The hospital's reply, as written"))
        self.form.addRow(self.tr("Proposal:"), proposal)
        self.form.addRow(self.tr("Answer:"), row)
        self.form.addRow(self.counter_label, self.counter)
        self.form.addRow(self.tr("Text:"), self.text)
        self._on_reply()

    def _on_reply(self, *_toggled: object) -> None:
        countering = self.reply_buttons["counter"].isChecked()
        self.counter.setVisible(countering)
        self.counter_label.setVisible(countering)

    def request(self) -> Request:
        assert self.view is not None
        reply = next((r for r, b in self.reply_buttons.items() if b.isChecked()), None)
        if reply is None:
            raise InvalidInput(self.tr("Choose the hospital's answer."))
        counter = amount_fen(self.counter.text(), self.tr("Counter amount")) if reply == "counter" else None
        return review_decisions.answer, (self.context.user, self.view.id, reply), {
            "text": self.text.toPlainText().strip(), "counter_amount_fen": counter}


class DraftDialog(_TermsDialog):
    """Drafts the decision, or amends a notified one (one class: PySide's ``tr`` context is the
    class of the instance); starts from the terms the hospital agreed to, if any."""

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None, *,
                 amends: bool = False):
        self.step = Step.AMEND if amends else Step.DRAFT
        self.amends = amends
        super().__init__(context, view, parent)
        agreed = view.agreed_round
        start = view.last_decision if self.amends else None
        if start is not None:
            adjusted = start["method"] == "adjust_points"
            self.terms.set_terms(start["method"], start["deductions"], start["points"] if adjusted else None)
        elif agreed is not None:
            self.terms.set_terms(agreed["method"], agreed["deductions"], agreed["points"], agreed["amount_fen"])
        if agreed is not None:
            note = QLabel(self.tr("Agreed in round {0}: {1}").format(agreed["round"], terms_text(agreed)), self)
            note.setWordWrap(True)
            self.form.insertRow(0, note)
        if self.amends and view.last_decision is not None:
            note = QLabel(self.tr("Amends decision {0}, notified to the hospital; it stays in the record.").format(
                view.last_decision["id"]), self)
            note.setWordWrap(True)
            self.form.insertRow(0, note)
        self.reasons = self.text_box(self.tr("The decision's reasons, as the notice will state them"))
        self.form.addRow(self.tr("Reasons:"), self.reasons)

    def request(self) -> Request:
        assert self.view is not None
        reasons = self.required(self.reasons, self.tr("Reasons"))
        return review_decisions.draft, (self.context.user, self.view.id), {
            **self.terms.terms(), "reasons": reasons, "amends": self.amends}


def amend_dialog(context: AppContext, view: ApplicationView, parent: QWidget | None = None) -> DraftDialog:
    return DraftDialog(context, view, parent, amends=True)


def decision_lines(decision: dict | None) -> str:
    if decision is None:
        return QCoreApplication.translate("ReviewTerms", "There is no drafted decision.")
    lines = [
        QCoreApplication.translate("ReviewTerms", "Decision {0}: {1}").format(
            decision["id"], method_text(decision["method"])),
        QCoreApplication.translate("ReviewTerms", "Points {0} → {1}").format(decision["before_points"],
                                                                             decision["points"]),
        QCoreApplication.translate("ReviewTerms", "Payment {0} → {1} yuan").format(
            yuan(decision["before_payment_fen"]), yuan(decision["payment_fen"])),
        QCoreApplication.translate("ReviewTerms", "Drafted by {0}").format(decision["drafted_by"]),
    ]
    if decision.get("signed_by"):
        lines.append(QCoreApplication.translate("ReviewTerms", "Signed by {0}").format(decision["signed_by"]))
    return "\n".join(lines)


class SignDialog(StepDialog):
    """签发: a supervisor who did not draft it; the service's four-eyes refusal shows here."""

    step = Step.SIGN

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        self.summary = QLabel(decision_lines(view.open_decision), self)
        self.summary.setObjectName("decisionSummary")
        self.summary.setWordWrap(True)
        self.form.addRow(self.summary)
        self.form.addRow(QLabel(self.tr("Signing as {0}.").format(context.actor), self))

    def request(self) -> Request:
        assert self.view is not None
        return review_decisions.sign, (self.context.user, self.view.id), {}


class NotifyDialog(StepDialog):
    step = Step.NOTIFY

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        summary = QLabel(decision_lines(view.last_decision), self)
        summary.setWordWrap(True)
        self.form.addRow(summary)

    def request(self) -> Request:
        assert self.view is not None
        return review_decisions.notify, (self.context.user, self.view.id), {}


class AppealDialog(StepDialog):
    step = Step.APPEAL

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        self.grounds = self.text_box(self.tr("The hospital's grounds for the appeal"))
        self.received = QDateEdit(QDate.currentDate(), self)
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("yyyy-MM-dd")
        self.form.addRow(self.tr("Grounds:"), self.grounds)
        self.form.addRow(self.tr("Received on:"), self.received)

    def request(self) -> Request:
        assert self.view is not None
        day = self.received.date()
        return review_decisions.appeal, (self.context.user, self.view.id,
                                         self.required(self.grounds, self.tr("Grounds"))), {
            "on": date(day.year(), day.month(), day.day())}


class CloseDialog(StepDialog):
    step = Step.CLOSE

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        self.form.addRow(QLabel(self.tr("Close the application: the notified decision stands."), self))

    def request(self) -> Request:
        assert self.view is not None
        return review_decisions.close, (self.context.user, self.view.id), {}
