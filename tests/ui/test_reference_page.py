"""Reference data, read-only: groups with their source and version, hospitals, rules in force."""
from __future__ import annotations

from PySide6.QtCore import Qt

from workstation.ui.reference.page import ReferencePage
from workstation.ui.workspace import ChangeSet


def _rows(table) -> list[list[str]]:
    model = table.proxy
    return [[model.index(r, c).data(Qt.ItemDataRole.DisplayRole) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_groups_show_source_version_and_exact_values(qtbot, open_workspace, small_db_path):
    workspace = open_workspace(small_db_path)
    page = ReferencePage(workspace)
    qtbot.addWidget(page)
    caption = page.groups.caption.text()
    assert "beijing-2022.csv" in caption and "北京 2022" in caption and "版本 #1" in caption
    rows = {r[0]: r for r in _rows(page.groups)}
    assert rows["AE19"][1] == "肺移植"
    assert rows["AE19"][2] == "5.8"
    assert rows["AE19"][4] == "118,507.00"
    assert rows["AE19"][6] == "是"
    assert rows["AA19"][6] == "否，按项目" and rows["AA19"][7] == "按项目据实支付"


def test_search_and_numeric_sort(qtbot, open_workspace, small_db_path):
    workspace = open_workspace(small_db_path)
    page = ReferencePage(workspace)
    qtbot.addWidget(page)
    page.groups.search.setText("支架")
    assert [r[0] for r in _rows(page.groups)] == ["FM19"]
    page.groups.search.clear()
    page.groups.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # average cost, as numbers
    assert [r[0] for r in _rows(page.groups)][:2] == ["AE19", "FM19"]


def test_hospitals_show_level_and_coefficient(qtbot, open_workspace, small_db_path):
    workspace = open_workspace(small_db_path)
    page = ReferencePage(workspace)
    qtbot.addWidget(page)
    page.show_section("hospitals")
    assert page.tabs.currentWidget() is page.hospitals
    assert _rows(page.hospitals) == [["H001", "某市第一人民医院", "三级", "1.05"],
                                     ["H002", "某县中医院", "二级", "0.9"]]


def test_rules_in_force_are_a_readable_parameter_table(qtbot, open_workspace, small_db_path):
    workspace = open_workspace(small_db_path)
    page = ReferencePage(workspace)
    qtbot.addWidget(page)
    rows = _rows(page.rules)
    assert rows, "the bundled default rules are shown before any rules were loaded"
    assert "内置默认规则" in page.rules.caption.text()
    assert all(r[0] and r[1] is not None for r in rows)
    workspace.db["rulesets"].insert({
        "name": "本地区 2024", "source": "region.toml", "sha256": "x", "loaded_at": "2024-04-01T00:00:00",
        "loaded_by": "admin", "is_current": 1,
        "content": '[outliers]\n# 低倍率：费用不高于该倍数 × 均次费用\nlow_multiple = "0.4"\nlong_stay_days = 45\n'})
    workspace.notify(ChangeSet(rules=True))
    rows = _rows(page.rules)
    assert ["outliers.low_multiple", "0.4", "低倍率：费用不高于该倍数 × 均次费用"] in rows
    assert ["outliers.long_stay_days", "45"] == rows[1][:2]
    assert "本地区 2024" in page.rules.caption.text() and "region.toml" in page.rules.caption.text()


def test_empty_database_says_nothing_is_loaded(qtbot, open_workspace, db_path):
    workspace = open_workspace(db_path)
    page = ReferencePage(workspace)
    qtbot.addWidget(page)
    assert page.groups.caption.text() == "尚未载入 DRG 分组表。"
    assert page.groups.visible_rows() == 0
