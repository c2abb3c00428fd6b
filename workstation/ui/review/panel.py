"""ReviewPanel: one case's special-case application — status, reason, statement, the drawn
panel and its votes, negotiation rounds, decisions, its history — and a button for each
step the signed-in user may take now (the domain's ``legal_steps``; no other).

Used in the case detail (``show_case``) and beside the applications page (``show_application``).
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from workstation.domain.authority import Action
from workstation.domain.review.workflow import Step
from workstation.services.authority import allows
from workstation.services.review import view as V
from workstation.ui.context import AppContext
from workstation.ui.review.labels import (
    answer_text,
    method_text,
    reason_text,
    status_text,
    step_button_text,
    vote_text,
    yuan,
)
from workstation.ui.review.step_dialog import StepDialog
from workstation.ui.review.steps_decision import (
    AnswerDialog,
    AppealDialog,
    CloseDialog,
    DraftDialog,
    NotifyDialog,
    ProposeDialog,
    SignDialog,
    amend_dialog,
    terms_text,
)
from workstation.ui.review.steps_intake import (
    AcceptDialog,
    CreateApplicationDialog,
    RefuseDialog,
    ResubmitDialog,
    ReturnDialog,
)
from workstation.ui.review.steps_panel import ConcludeDialog, ConflictDialog, DrawDialog, TopUpDialog, VoteDialog
from workstation.ui.review.timeline import TimelineView
from workstation.ui.workspace import ChangeSet

STEP_DIALOGS: dict[Step, Callable[..., StepDialog]] = {
    Step.ACCEPT: AcceptDialog, Step.RETURN: ReturnDialog, Step.RESUBMIT: ResubmitDialog, Step.REFUSE: RefuseDialog,
    Step.DRAW: DrawDialog, Step.TOP_UP: TopUpDialog, Step.VOTE: VoteDialog, Step.CONCLUDE: ConcludeDialog, Step.PROPOSE: ProposeDialog,
    Step.ANSWER: AnswerDialog, Step.DRAFT: DraftDialog, Step.SIGN: SignDialog, Step.NOTIFY: NotifyDialog,
    Step.APPEAL: AppealDialog, Step.AMEND: amend_dialog, Step.CLOSE: CloseDialog,
}
CONFLICT = "conflict"
BUTTONS_PER_ROW = 3


class ReviewPanel(QWidget):
    application_changed = Signal(object)  # the application id shown, or None

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.db = context.workspace.db
        self.case_pk: int | None = None
        self.view: V.ApplicationView | None = None
        self.title = QLabel(self)
        self.title.setObjectName("reviewTitle")
        self.title.setWordWrap(True)
        self.summary = QTextBrowser(self)
        self.summary.setObjectName("reviewSummary")
        self.timeline = TimelineView(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.summary, self.tr("Application"))
        self.tabs.addTab(self.timeline, self.tr("History"))
        self.steps_label = QLabel(self)
        self.steps_label.setWordWrap(True)
        self.steps_grid = QGridLayout()
        self.step_buttons: dict[str, QPushButton] = {}
        self.create_button = QPushButton(self.tr("Create application…"), self)
        self.create_button.setObjectName("createApplication")
        self.create_button.clicked.connect(self.open_create)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.steps_label)
        layout.addLayout(self.steps_grid)
        layout.addWidget(self.create_button)
        context.workspace.changed.connect(self._on_changed)
        self.show_application(None)

    # -- what to show ---------------------------------------------------------------------------
    def show_case(self, case_pk: int | None) -> None:
        self.case_pk = case_pk
        app_id = V.application_of_case(self.db, case_pk) if case_pk is not None else None
        self._show(app_id)

    def show_application(self, application_id: int | None) -> None:
        self.case_pk = None
        self._show(application_id)

    def refresh(self) -> None:
        """Read again (after a change, or when the signed-in user changed)."""
        if self.view is not None:
            self._show(self.view.id)
        else:
            self.show_case(self.case_pk)

    def application_id(self) -> int | None:
        return self.view.id if self.view else None

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.reviews or changes.batches:
            self.refresh()

    def _show(self, application_id: int | None) -> None:
        self.view = V.application_view(self.db, application_id) if application_id is not None else None
        if self.view is not None:
            self.case_pk = self.view.application["case_pk"]
        self._fill()
        self.application_changed.emit(application_id)

    def _fill(self) -> None:
        view = self.view
        may_create = bool(allows(self.db, self.context.user, Action.SUBMIT_APPLICATION))
        self.create_button.setVisible(view is None and self.case_pk is not None and may_create)
        if view is None:
            self.title.setText(self.tr("No special-case application for this case.") if self.case_pk is not None
                               else self.tr("No application selected."))
            self.summary.setHtml("<p>" + escape(self.tr(
                "A hospital applies for a special-case review of a case; its applications arrive in a file "
                "(Applications page) or are entered here from its paper form.")) + "</p>")
            self.timeline.set_events([])
            self._set_steps([])
            return
        self.title.setText(self.tr("<b>Application {0}</b> · case {1} · <b>{2}</b>").format(
            view.id, escape(view.case_id), escape(status_text(view.status))))
        self.summary.setHtml(self._summary_html(view))
        self.timeline.set_events(V.timeline(self.db, view.id))
        steps: list[str] = [s.value for s in V.offered_steps(self.db, view, self.context.user)]
        if view.members and V.conflict_experts(self.db, view, self.context.user):
            steps.append(CONFLICT)
        self._set_steps(steps)

    def _set_steps(self, steps: list[str]) -> None:
        for button in self.step_buttons.values():
            self.steps_grid.removeWidget(button)
            button.deleteLater()
        self.step_buttons = {}
        for i, step in enumerate(steps):
            text = self.tr("Declare a conflict…") if step == CONFLICT else step_button_text(step) + "…"
            button = QPushButton(text, self)
            button.setObjectName(f"step_{step}")
            button.setProperty("step", step)
            button.clicked.connect(self._on_step_clicked)
            self.steps_grid.addWidget(button, i // BUTTONS_PER_ROW, i % BUTTONS_PER_ROW)
            self.step_buttons[step] = button
        if self.view is None:
            self.steps_label.setVisible(False)
        else:
            self.steps_label.setVisible(True)
            self.steps_label.setText(self.tr("Steps you may take now:") if steps else self.tr(
                "No step is open to you now ({0}).").format(self._role_text()))

    def _role_text(self) -> str:
        from workstation.domain.accounts import ROLE_NAMES

        role = self.context.user.role
        return str(ROLE_NAMES[role]) if role is not None else self.context.actor

    # -- steps ----------------------------------------------------------------------------------
    # Signals connect to bound methods, never to lambdas holding ``self``: a lambda freed with
    # its button while the panel itself is being destroyed would destroy the panel twice.
    def _on_step_clicked(self) -> None:
        button = self.sender()
        if isinstance(button, QPushButton):
            self.open_step(str(button.property("step")))

    def open_step(self, step: Step | str) -> StepDialog:
        """Open the step's dialog (window-modal, not a nested event loop); returns it."""
        assert self.view is not None
        if step == CONFLICT:
            dialog: StepDialog = ConflictDialog(self.context, self.view, self)
        else:
            dialog = STEP_DIALOGS[Step(step)](self.context, self.view, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_create(self) -> StepDialog | None:
        if self.case_pk is None:
            return None
        dialog = CreateApplicationDialog(self.context, self.case_pk, V.case_id_of(self.db, self.case_pk), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- summary --------------------------------------------------------------------------------
    def _summary_html(self, view: V.ApplicationView) -> str:
        a = view.application
        html = ["<style>td{padding:1px 8px 1px 0;vertical-align:top} h4{margin:8px 0 2px 0}</style>"]

        def section(heading: str, rows: list[tuple[str, object]]) -> None:
            html.append(f"<h4>{escape(heading)}</h4><table>")
            for label, value in rows:
                if value not in (None, ""):
                    html.append(f"<tr><td style='color:#555'>{escape(label)}</td><td>{escape(str(value))}</td></tr>")
            html.append("</table>")

        section(self.tr("Application"), [
            (self.tr("Status"), status_text(view.status)), (self.tr("Status note"), a.get("status_note")),
            (self.tr("Hospital"), a["hospital_code"]), (self.tr("Period / cycle"), f"{a['period']} / {a['cycle']}"),
            (self.tr("Reason"), reason_text(a["reason"])), (self.tr("Statement"), a["statement"]),
            (self.tr("Submitted on"), a["submitted_on"]),
            (self.tr("Requested"), " ".join(x for x in (method_text(a["requested_method"]) if a["requested_method"]
                                                         else "", yuan(a["requested_amount_fen"])
                                                         if a["requested_amount_fen"] is not None else "") if x)),
            (self.tr("Documents"), a.get("documents")), (self.tr("Quota override"), a.get("quota_override"))])
        if view.members:
            heading = self.tr("Expert panel")
            html.append(f"<h4>{escape(heading)}</h4><table>")
            for m in view.members:
                vote = vote_text(m["vote"])
                if m["recused"]:  # a struck vote stays visible, marked
                    vote = self.tr("recused (struck vote: {0})").format(vote) if m["vote"] else self.tr("recused")
                elif m["unavailable"]:
                    vote = self.tr("cannot sit")
                entered = ""
                if m["voted_by"]:
                    entered = (self.tr("entered by {0} from the signed form").format(m["voted_by"]) if m["on_behalf"]
                               else self.tr("entered by the expert ({0})").format(m["voted_by"]))
                cells = [m["name"], m["specialty"] or "", vote, m["comment"] or "", entered]
                html.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
            html.append("</table>")
            if view.tally is not None:
                html.append(f"<p>{escape(str(view.tally.reason))}</p>")
            if view.draws:
                last = view.draws[-1]
                html.append("<p style='color:#555'>" + escape(self.tr(
                    "Draw {0}: seed {1}, {2} of {3} eligible experts; replayable from the record.").format(
                    last["id"], last["seed"], len(last["drawn"]), len(last["eligible"]))) + "</p>")
        if view.rounds:
            heading = self.tr("Negotiation")
            html.append(f"<h4>{escape(heading)}</h4><table>")
            for r in view.rounds:
                proposal = terms_text(r) + (f" — {r['proposal_text']}" if r["proposal_text"] else "")
                reply = (answer_text(r["answer"]) + (f" — {r['answer_text']}" if r["answer_text"] else "")
                         if r["answer"] else self.tr("awaiting the hospital's answer"))
                number = self.tr("Round {0}").format(r["round"])
                html.append(f"<tr><td>{escape(number)}</td>"
                            f"<td>{escape(proposal)}<br>{escape(reply)}</td></tr>")
            html.append("</table>")
        for d in [d for d in view.decisions if not d["superseded"]]:
            state = (self.tr("notified") if d["notified_at"] else self.tr("signed by {0}").format(d["signed_by"])
                     if d["signed_at"] else self.tr("draft, awaiting a supervisor's signature"))
            section(self.tr("Decision {0}").format(d["id"]), [
                (self.tr("Method"), method_text(d["method"])),
                (self.tr("Points"), f"{d['before_points']} → {d['points']}"),
                (self.tr("Payment (yuan)"), f"{yuan(d['before_payment_fen'])} → {yuan(d['payment_fen'])}"),
                (self.tr("Reasons"), d["reasons"]), (self.tr("Drafted by"), d["drafted_by"]),
                (self.tr("State"), state), (self.tr("Amends decision"), d["amends"])])
        return "".join(html)
