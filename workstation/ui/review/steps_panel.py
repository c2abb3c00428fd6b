"""Steps of the expert review (专家评审): draw the panel, top it up, declare a conflict, record a
vote, conclude by the rules' majority. Each offers only what the authority allows the user."""
from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLabel, QRadioButton, QSpinBox, QWidget

from workstation.domain.review import panel as P
from workstation.domain.review.workflow import Step
from workstation.services import review
from workstation.services.review.view import (
    ApplicationView,
    conflict_experts,
    expert_names,
    own_expert_id,
    votable_members,
)
from workstation.ui.context import AppContext
from workstation.ui.review.labels import exclusion_text, vote_text
from workstation.ui.review.step_dialog import InvalidInput, Request, StepDialog


class DrawDialog(StepDialog):
    """Draws at random (the program makes the seed: nobody chooses it); then shows who was drawn,
    who was left out and why, and the seed it recorded so anyone can replay the draw."""

    step = Step.DRAW

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        size = review.policy_of(self.db).panel_size
        self.draw_size = QSpinBox(self)
        self.draw_size.setRange(size, max(size, 15))  # how many, never who; at least the rules' panel size
        self.draw_size.setValue(size)
        self.outcome = QLabel(self)
        self.outcome.setObjectName("drawOutcome")
        self.outcome.setWordWrap(True)
        note = QLabel(self.tr("The program draws at random and records its seed: the draw can be replayed, "
                              "and nobody can choose it."), self)
        note.setWordWrap(True)
        self.form.addRow(self.tr("Experts to draw:"), self.draw_size)
        self.form.addRow(note)
        self.form.addRow(self.outcome)

    def request(self) -> Request:
        assert self.view is not None
        return review.draw_experts, (self.context.user, self.view.id), {"size": self.draw_size.value()}

    def finish(self, result: Any) -> None:
        draw: P.Draw = result
        names = expert_names(self.db)
        drawn = ", ".join(names.get(i, str(i)) for i in draw.drawn)
        lines = [self.tr("Drawn: {0}").format(escape(drawn)),
                 self.tr("Seed: {0} · drawn from {1} eligible experts").format(escape(draw.seed), len(draw.eligible))]
        if draw.excluded:
            left_out = "; ".join(f"{names.get(i, str(i))} ({exclusion_text(why)})" for i, why in draw.excluded.items())
            lines.append(self.tr("Left out: {0}").format(escape(left_out)))
        self.outcome.setText("<br>".join(lines))
        self.draw_size.setEnabled(False)
        self.ok_button.setVisible(False)
        close = self.buttons.button(self.buttons.StandardButton.Cancel)
        close.setText(self.tr("Close"))
        self.adjustSize()


class TopUpDialog(DrawDialog):
    """补抽: replacements for members who recused or cannot sit, before the panel decides; the
    written reason is recorded with the draw."""

    step = Step.TOP_UP

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        self.draw_size.setVisible(False)
        self.form.labelForField(self.draw_size).setVisible(False)
        self.unavailable = QComboBox(self)
        self.unavailable.addItem(self.tr("nobody more (a member recused)"), None)
        for m in view.members:
            if not m["recused"] and not m["unavailable"] and not m["vote"]:
                self.unavailable.addItem(m["name"], m["expert_id"])
        self.reason = self.text_box(self.tr("Why the panel needs another expert"))
        self.form.insertRow(0, self.tr("Cannot sit:"), self.unavailable)
        self.form.insertRow(1, self.tr("Reason:"), self.reason)

    def request(self) -> Request:
        assert self.view is not None
        reason = self.required(self.reason, self.tr("Reason"))
        return review.top_up, (self.context.user, self.view.id), {
            "reason": reason, "unavailable": self.unavailable.currentData()}


class ConflictDialog(StepDialog):
    """An expert's conflict of interest: left out of later draws, recused if on the panel. After
    votes only a supervisor records one, with a written reason; the struck vote stays on record."""

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        self.setWindowTitle(self.tr("Declare a conflict of interest"))
        self.ok_button.setText(self.tr("Declare"))
        self.expert = QComboBox(self)
        on_panel = {m["expert_id"] for m in view.members}
        allowed = set(conflict_experts(self.db, view, context.user))
        for expert_id, name in expert_names(self.db).items():
            if expert_id in allowed:
                label = name + ("  " + self.tr("(on the panel)") if expert_id in on_panel else "")
                self.expert.addItem(label, expert_id)
        self.after_votes = review.panel_state(self.db, view.id).votes_cast
        self.note = self.text_box(self.tr("e.g. a relative works at the hospital"))
        self.form.addRow(self.tr("Expert:"), self.expert)
        if self.after_votes:
            warning = QLabel(self.tr("Experts of this panel have voted: the recusal needs a written reason, and "
                                     "the struck vote stays in the history."), self)
            warning.setWordWrap(True)
            self.form.addRow(warning)
            self.form.addRow(self.tr("Reason:"), self.note)
        else:
            self.form.addRow(self.tr("Note:"), self.note)

    def request(self) -> Request:
        assert self.view is not None
        note = (self.required(self.note, self.tr("Reason")) if self.after_votes
                else self.note.toPlainText().strip())
        return review.declare_conflict, (self.context.user, self.view.id, self.expert.currentData(), note), {}


class VoteDialog(StepDialog):
    """An expert's vote with a comment; a reviewer may record it for the expert (both names kept)."""

    step = Step.VOTE

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        own = own_expert_id(self.db, context.user)
        self.expert = QComboBox(self)
        votable = votable_members(self.db, view, context.user)  # the authority's answer per member
        for member in votable:
            label = f"{member['name']} · {member['specialty']}" if member["specialty"] else member["name"]
            if member["vote"]:
                label += " · " + vote_text(member["vote"])
            self.expert.addItem(label, member["expert_id"])
        # The first expert still to vote comes first: votes are usually entered one after another.
        waiting = [i for i, m in enumerate(votable) if not m["vote"]]
        if waiting:
            self.expert.setCurrentIndex(waiting[0])
        self.outcome = QLabel(self)
        self.outcome.setObjectName("voteOutcome")
        self.outcome.setWordWrap(True)
        self.choices = QButtonGroup(self)
        row = QHBoxLayout()
        self.vote_buttons: dict[P.Vote, QRadioButton] = {}
        for vote in P.Vote:
            button = QRadioButton(vote_text(vote), self)
            self.choices.addButton(button)
            self.vote_buttons[vote] = button
            row.addWidget(button)
        row.addStretch(1)
        self.comment = self.text_box(self.tr("The expert's opinion in a sentence or two"))
        self.form.addRow(self.tr("Expert:"), self.expert)
        self.form.addRow(self.tr("Vote:"), row)
        self.form.addRow(self.tr("Comment:"), self.comment)
        if own is None:
            note = QLabel(self.tr("Entered by {0} from the expert's signed form, on the expert's behalf; both "
                                  "names are kept.").format(context.actor), self)
            note.setWordWrap(True)
            self.form.addRow(note)
        self.form.addRow(self.outcome)

    def choose(self, expert_id: int, vote: P.Vote | str, comment: str = "") -> None:
        """Fill the form as a user would (used by tests and screenshots)."""
        self.expert.setCurrentIndex(self.expert.findData(expert_id))
        self.vote_buttons[P.Vote(vote)].setChecked(True)
        self.comment.setPlainText(comment)

    def request(self) -> Request:
        assert self.view is not None
        chosen = next((v for v, b in self.vote_buttons.items() if b.isChecked()), None)
        if self.expert.currentData() is None:
            raise InvalidInput(self.tr("There is no expert on the panel whose vote you may record."))
        if chosen is None:
            raise InvalidInput(self.tr("Choose support, oppose or abstain."))
        return review.vote, (self.context.user, self.view.id, self.expert.currentData(), chosen.value,
                             self.comment.toPlainText().strip()), {}

    def finish(self, result: Any) -> None:
        """Says what was recorded — and when a vote changed, from what to what — then offers Close."""
        self.outcome.setText(str(result.message()))
        self.ok_button.setVisible(False)
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(self.tr("Close"))


class ConcludeDialog(StepDialog):
    """Shows the count; the service refuses without a majority (the review stays open)."""

    step = Step.CONCLUDE

    def __init__(self, context: AppContext, view: ApplicationView, parent: QWidget | None = None):
        super().__init__(context, view, parent)
        tally = view.tally
        text = QLabel(str(tally.reason) if tally else self.tr("No panel has been drawn."), self)
        text.setObjectName("tallyText")
        text.setWordWrap(True)
        self.form.addRow(self.tr("Votes:"), text)

    def request(self) -> Request:
        assert self.view is not None
        return review.conclude, (self.context.user, self.view.id), {}
