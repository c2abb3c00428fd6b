"""The typed settings registry over QSettings."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget

from workstation.ui.settings import SETTINGS_VERSION, Settings


def test_declared_settings_have_typed_defaults(isolated_settings):
    assert isolated_settings["ui/language"] == "zh"
    assert isolated_settings["window/tab"] == 0
    assert isinstance(isolated_settings["window/geometry"], QByteArray)


def test_values_survive_a_restart_with_their_types(tmp_path):
    path = str(tmp_path / "s.ini")
    first = Settings(QSettings(path, QSettings.Format.IniFormat))
    first["ui/language"] = "en"
    first["window/tab"] = 2
    first.sync()
    again = Settings(QSettings(path, QSettings.Format.IniFormat))
    assert again["ui/language"] == "en"
    assert again["window/tab"] == 2
    assert again.store.value("settings/version") in (SETTINGS_VERSION, str(SETTINGS_VERSION))


def test_an_undeclared_setting_is_refused(isolated_settings):
    with pytest.raises(KeyError):
        isolated_settings["ui/colour"]
    with pytest.raises(KeyError):
        isolated_settings["ui/colour"] = "red"


def test_splitter_positions_are_remembered(qtbot, isolated_settings):
    splitter = QSplitter()
    qtbot.addWidget(splitter)
    splitter.addWidget(QWidget())
    splitter.addWidget(QWidget())
    splitter.resize(400, 100)
    splitter.setSizes([100, 300])
    isolated_settings.save_splitter("test", splitter)
    other = QSplitter()
    qtbot.addWidget(other)
    other.addWidget(QWidget())
    other.addWidget(QWidget())
    other.resize(400, 100)
    isolated_settings.restore_splitter("test", other)
    assert other.sizes() == splitter.sizes()


def test_column_widths_come_back_only_onto_the_same_columns(qtbot, isolated_settings):
    """A width saved for one set of columns (an older version's) is not put onto another."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTableView

    def table(layout: tuple[str, ...]) -> QTableView:
        model = QStandardItemModel(1, len(layout))
        model.column_layout = layout
        view = QTableView()
        qtbot.addWidget(view)
        view.setModel(model)
        view.setColumnWidth(0, 60)
        view.setColumnWidth(1, 60)
        return view

    saved = table(("case_id", "flags"))
    saved.setColumnWidth(1, 333)
    isolated_settings.save_columns("queue/0", saved.horizontalHeader())
    same = table(("case_id", "flags"))
    isolated_settings.restore_columns("queue/0", same.horizontalHeader())
    assert same.columnWidth(1) == 333
    reordered = table(("flags", "case_id"))
    isolated_settings.restore_columns("queue/0", reordered.horizontalHeader())
    assert reordered.columnWidth(1) == 60
