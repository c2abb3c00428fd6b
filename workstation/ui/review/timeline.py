"""An application's history as a timeline of its audit events: when, who, which step, the
status before → after, and what the step recorded."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from workstation.domain.review.panel import Vote
from workstation.ui.review.labels import action_text, answer_text, reason_text, status_text, vote_text, yuan
from workstation.ui.widgets.formatting import local_time_text

# What of an event's recorded values is worth a line in the timeline (the rest is in `audit history`).
_DETAIL_KEYS = ("missing", "reason", "supplied", "grounds", "comment", "text", "quota_override", "seed")


class TimelineView(QTreeWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewTimeline")
        # What a step recorded goes on a line of its own under it: the panel is narrow.
        self.setRootIsDecorated(False)
        self.setIndentation(12)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("Step"), self.tr("Status")])
        header = self.header()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def set_events(self, events: list[dict]) -> None:
        self.clear()
        for event in events:
            before, after = event["before"] or {}, event["after"] or {}
            status = ""
            if after.get("status"):
                status = (status_text(before["status"]) + " → " if before.get("status") else "") + status_text(
                    after["status"])
            # Items made with their parent: the tree owns them from the start.
            item = QTreeWidgetItem(self, [local_time_text(event["at"]), event["actor"], action_text(event["action"]),
                                          status])
            item.setData(0, Qt.ItemDataRole.UserRole, event["id"])
            details = self._details(event["action"], after)
            if details:
                child = QTreeWidgetItem(item, [details])
                child.setForeground(0, QBrush(QColor("#555")))
                child.setToolTip(0, details)
                child.setFirstColumnSpanned(True)
        self.expandAll()

    def rows(self) -> list[list[str]]:
        """What the timeline shows, event by event: when, who, step, status, details."""
        rows = []
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item is None:
                continue
            child = item.child(0)
            rows.append([item.text(c) for c in range(self.columnCount())] + [child.text(0) if child else ""])
        return rows

    def _details(self, action: str, after: dict) -> str:
        parts = []
        if action == "review.submit":
            return " · ".join(x for x in (reason_text(after.get("reason")), after.get("statement") or "") if x)
        if action == "review.conclude":
            counts = ((Vote.SUPPORT, "support"), (Vote.OPPOSE, "oppose"), (Vote.ABSTAIN, "abstain"))
            return " · ".join(f"{vote_text(v)} {after.get(key, 0)}" for v, key in counts)
        if action == "review.vote":
            parts.append(self.tr("{0}: {1}").format(after.get("expert", ""), vote_text(after.get("vote"))))
            if after.get("entered_by"):
                parts.append(self.tr("entered by {0}").format(after["entered_by"]))
        if action == "review.draw":
            parts.append(self.tr("{0} drawn of {1} eligible").format(len(after.get("drawn", [])),
                                                                     len(after.get("eligible", []))))
        decision = after.get("decision")
        if isinstance(decision, dict):
            parts.append(self.tr("points {0}, payment {1} yuan").format(decision.get("points"),
                                                                      yuan(decision.get("payment_fen"))))
        elif "payment_fen" in after:
            parts.append(self.tr("points {0}, payment {1} yuan").format(after.get("points"), yuan(after["payment_fen"])))
        if action == "review.propose" and "settled_payment_fen" in after:
            parts.append(self.tr("points {0}, payment {1} yuan").format(after.get("settled_points"),
                                                                      yuan(after["settled_payment_fen"])))
        if action == "review.answer" and after.get("answer"):
            parts.append(answer_text(after["answer"]))
        parts += [str(after[k]) for k in _DETAIL_KEYS if after.get(k) not in (None, "")]
        return " · ".join(parts)
