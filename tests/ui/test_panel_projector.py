"""The projector view of a mock panel: blinded on every item, driven by the keys, votes taken in it."""
from __future__ import annotations

import re

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QWidget

from tests.services.panel_store import DOCTORS, HOSPITALS, ID_NUMBERS, PATIENTS, REVIEWER, build_panel_store
from workstation.services import panel
from workstation.store.db import open_database

DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*日")
FORBIDDEN = [*PATIENTS, *ID_NUMBERS, *(n[-4:] for n in ID_NUMBERS), *(h for pair in HOSPITALS for h in pair), *DOCTORS,
             *(p[1:] for p in PATIENTS)]


def texts_of(root: QWidget) -> list[str]:
    """Every text a person could see or hover on ``root`` and its children: labels, buttons,
    table cells and headers, window titles, tooltips, chart axis labels and marks."""
    out = [root.windowTitle(), root.toolTip()]
    for widget in [root, *root.findChildren(QWidget)]:
        out += [widget.windowTitle(), widget.toolTip(), widget.statusTip(), widget.accessibleName()]
        if isinstance(widget, QLabel):
            out.append(widget.text())
        if isinstance(widget, QAbstractButton):
            out.append(widget.text())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
            for row in range(model.rowCount()):
                for column in range(columns):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        out.append(str(model.data(model.index(row, column), role) or ""))
            for column in range(columns):
                out.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
        if isinstance(widget, pg.PlotWidget):
            plot = widget.getPlotItem()
            out.append(plot.titleLabel.text)
            for side in ("left", "bottom"):
                axis = plot.getAxis(side)
                out.append(axis.labelText)
                low, high = axis.range
                out += axis.tickStrings([low, (low + high) / 2, high], 1, (high - low) / 2 or 1)
            for item in plot.items:
                if isinstance(item, pg.InfiniteLine) and item.label is not None:
                    out.append(item.label.toPlainText())
    return [t for t in out if t]


def leaks(texts: list[str]) -> list[str]:
    found = [f"{word!r} in {text!r}" for text in texts for word in FORBIDDEN if word in text]
    found += [f"code in {t!r}" for t in texts if re.search(r"H00\d", t)]
    found += [f"date in {t!r}" for t in texts if DATE.search(t)]
    return found


@pytest.fixture
def projector(db_path, make_context, qtbot):
    from workstation.ui.panel.projector import ProjectorView

    db = open_database(db_path)
    store = build_panel_store(db)
    panel.declare_in_room(db, REVIEWER, store.session, store.apps[3], store.experts[2], "曾参与会诊")
    db.close()
    context = make_context(db_path, user=REVIEWER)
    view = ProjectorView(context, store.session, 24)
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show()
    return view, store


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_item_shows_a_name_an_id_a_hospital_a_doctor_or_a_date(projector, qtbot, lang):
    from workstation.ui.app import prepare_application
    from workstation.ui.panel.votes_dialog import VotesDialog

    prepare_application(lang)
    view, store = projector
    view.reload()
    seen = []
    for index in range(len(store.apps)):
        assert view.heading.text().startswith(("议题", "Item")) and str(index + 1) in view.heading.text()
        texts = texts_of(view)
        assert any("〔" in t or "[" in t for t in texts)  # the reason is there, masked
        votes = VotesDialog([(e, "x") for e in store.experts], {}, 24, view)
        texts += texts_of(votes)
        votes.deleteLater()
        assert leaks(texts) == [], f"item {index + 1}"
        seen.append(view.heading.text())
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert len(set(seen)) == 5


def test_keys_and_votes_in_the_room(projector, qtbot, monkeypatch):
    from workstation.ui.panel import projector as module

    view, store = projector
    chen, liu, sun = store.experts
    assert "5" in view.heading.text() and "A" in view.heading.text()
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert view.ticker.isActive()
    qtbot.keyClick(view, Qt.Key.Key_B)
    assert view.stack.currentIndex() == 1
    qtbot.keyClick(view, Qt.Key.Key_Space)  # any key brings the screen back
    assert view.stack.currentIndex() == 0

    class Sheet(module.VotesDialog):
        def exec(self) -> int:  # the secretary ticks each expert's hand
            for expert, vote in ((chen, "support"), (liu, "support"), (sun, "oppose")):
                self.choose(expert, vote)
            return 1

    monkeypatch.setattr(module, "VotesDialog", Sheet)
    qtbot.keyClick(view, Qt.Key.Key_V)
    qtbot.waitUntil(lambda: "2" in view.room.text() and ("同意" in view.room.text() or "support" in view.room.text()),
                    timeout=10_000)
    assert "1" in view.room.text()  # 2 support, 1 oppose as counts
    db = open_database(view.context.workspace.db_path)
    assert db.execute("SELECT status FROM applications WHERE id = ?", [store.apps[0]]).fetchone()[0] == "negotiation"
    # The fourth item has lost its quorum: flagged, and V opens no sheet.
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.flag.text()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()


def test_an_experts_desk_is_blinded_the_same_way(db_path, make_context, qtbot):
    from workstation.domain.accounts import Role
    from workstation.services.context import Actor
    from workstation.ui.panel.desk import MyReviewsPage

    db = open_database(db_path)
    store = build_panel_store(db)
    db.close()
    page = MyReviewsPage(make_context(db_path, user=Actor("chen", Role.EXPERT)))
    qtbot.addWidget(page)
    page.show()
    assert page.list.count() == len(store.apps)
    for row in range(page.list.count()):
        page.list.setCurrentRow(row)
        texts = texts_of(page) + [page.list.item(r).text() for r in range(page.list.count())]
        assert leaks(texts) == [], f"row {row}"
