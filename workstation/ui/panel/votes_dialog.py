"""The secretary's vote sheet for one item: a row per present, non-recused expert, three choices.

Large type like the projector it opens over; keys 1/2/3 choose for the row with focus."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

CHOICES = ("support", "oppose", "abstain")


class VotesDialog(QDialog):
    def __init__(self, voters: list[tuple[int, str]], current: dict[int, str], points: int = 24,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("VotesDialog")
        self.setWindowTitle(self.tr("Votes in the room"))
        self.setStyleSheet(f"QWidget {{ font-size: {points}pt; }}")
        names = {"support": self.tr("Support"), "oppose": self.tr("Oppose"), "abstain": self.tr("Abstain")}
        grid = QGridLayout()
        self.groups: dict[int, QButtonGroup] = {}
        for row, (expert_id, name) in enumerate(voters):
            grid.addWidget(QLabel(name, self), row, 0)
            group = QButtonGroup(self)
            for column, choice in enumerate(CHOICES, start=1):
                button = QRadioButton(names[choice], self)
                button.setProperty("choice", choice)
                button.setChecked(current.get(expert_id) == choice)
                group.addButton(button)
                grid.addWidget(button, row, column)
            group.buttonToggled.connect(self._update)
            self.groups[expert_id] = group
        note = QLabel(self.tr("Each vote is recorded as entered on the expert's behalf in this session."), self)
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record the votes"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.votes()))

    def votes(self) -> dict[int, str]:
        """The choices made (an expert left without a choice is not sent)."""
        out = {}
        for expert_id, group in self.groups.items():
            button = group.checkedButton()
            if button is not None:
                out[expert_id] = str(button.property("choice"))
        return out

    def choose(self, expert_id: int, choice: str) -> None:
        """For tests and scripts: tick ``choice`` for ``expert_id``."""
        for button in self.groups[expert_id].buttons():
            if button.property("choice") == choice:
                button.setChecked(True)
