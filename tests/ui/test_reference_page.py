"""Reference data, read-only: groups with their source and version, hospitals, rules in force."""
from __future__ import annotations

import re

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
    assert all(r[0] and r[1] and r[2] for r in rows), "every parameter has a value (or “（未设置）”) and a meaning"
    workspace.db["rulesets"].insert({
        "name": "本地区 2024", "source": "region.toml", "sha256": "x", "loaded_at": "2024-04-01T00:00:00",
        "loaded_by": "admin", "is_current": 1,  # stored as the engine stores it: merged, without comments
        "content": '[ruleset]\nname = "本地区 2024"\n\n[low]\nmultiple = "0.4"\n\n[long_stay]\ndays = 45\n'
                   '\n[point_value.periods]\n"2024-03" = "85.50"\n'})
    workspace.notify(ChangeSet(rules=True))
    rows = {r[0]: r for r in _rows(page.rules)}
    assert rows["low.multiple"][1] == "0.4 倍" and rows["low.multiple"][2].startswith("低倍率病例（LOW）：")
    assert rows["long_stay.days"][1] == "45 天" and "超长住院" in rows["long_stay.days"][2]
    assert rows["point_value.periods.2024-03"][1:] == ["85.50 元/点", "该结算期的点值（元/点），优先于默认点值。"]
    assert "本地区 2024" in page.rules.caption.text() and "region.toml" in page.rules.caption.text()


def test_rules_are_explained_in_the_language_of_the_interface(qtbot, open_workspace, small_db_path):
    """Chinese: Chinese meanings and values only (codes aside); English: English ones."""
    from workstation.ui.i18n import install_language

    workspace = open_workspace(small_db_path)
    chinese = ReferencePage(workspace)
    qtbot.addWidget(chinese)
    rows = {r[0]: r for r in _rows(chinese.rules)}
    assert rows["high.tiers"][1] == "≤100 点：3.0 倍；100–300 点：2.0 倍；>300 点：1.5 倍"
    assert rows["high.tiers"][2].startswith("高倍率病例（HIGH）：病例总费用 ≥ k × 该病组均次费用")
    assert rows["incomplete.discharge_modes"][1] == "2 医嘱转院、4 非医嘱离院、5 死亡"
    assert rows["special_case.cap"][2].startswith("特例单议申报上限")
    assert rows["overall_avg_cost.value"][1] == "（未设置）"
    assert not any(re.search(r"[a-z]{3,}", r[2]) for r in rows.values()), "no English words in Chinese meanings"
    install_language("en")
    english = ReferencePage(workspace)
    qtbot.addWidget(english)
    rows = {r[0]: r for r in _rows(english.rules)}
    assert rows["high.tiers"][1] == "≤100 points: 3.0×; 100–300 points: 2.0×; >300 points: 1.5×"
    assert rows["high.tiers"][2].startswith("High-cost outlier (HIGH): total cost at least k × the group's")
    assert rows["incomplete.discharge_modes"][1] == "2 transferred on medical advice, 4 left against medical advice, 5 death"
    assert rows["ungrouped.not_in_group_table"][1] == "yes"
    assert rows["overall_avg_cost.value"][1] == "(not set)"
    assert not any(re.search(r"[\u4e00-\u9fff]", r[2]) for r in rows.values()), "no Chinese in English meanings"


def test_empty_database_says_nothing_is_loaded(qtbot, open_workspace, db_path):
    workspace = open_workspace(db_path)
    page = ReferencePage(workspace)
    qtbot.addWidget(page)
    assert page.groups.caption.text() == "尚未载入 DRG 分组表。"
    assert page.groups.visible_rows() == 0


def test_a_bundled_source_is_named_in_the_language_of_the_interface(qtbot, open_workspace, small_db_path):
    """The store keeps 'bundled: FILE'; a Chinese caption says 内置文件 FILE, with no English in it."""
    workspace = open_workspace(small_db_path)
    workspace.db.execute("UPDATE rulesets SET is_current = 0")
    workspace.db["rulesets"].insert({
        "name": "默认规则", "source": "bundled: resources/rules/default.toml", "sha256": "x",
        "loaded_at": "2024-04-01T00:00:00", "loaded_by": "demo", "is_current": 1,
        "content": '[ruleset]\nname = "默认规则"\n'})
    page = ReferencePage(workspace)
    qtbot.addWidget(page)
    caption = page.rules.caption.text()
    assert "内置文件 resources/rules/default.toml" in caption and "bundled" not in caption


PARTIAL_TABLE = ("分组编码,分组名称,RW,二级医院支付标准,三级医院支付标准,单议病组\n"
                 "FM19,经皮冠状动脉支架植入,2.1,30000.505,45000.4567,否\n"
                 "XJ19※,罕见病组,1.5,20000,30000,是\n"
                 "BAD1,坏行,x,1,1,否\n")


def test_loading_a_table_that_refuses_too_many_rows_asks_first(qtbot, make_context, small_db_path, tmp_path):
    """One row of three refused: nothing changes until the user confirms; then the rest loads,
    and the page shows each level's standard and the attributes."""
    table = tmp_path / "city.csv"
    table.write_text(PARTIAL_TABLE, encoding="gb18030")
    context = make_context(small_db_path, str(table), "load")
    page = ReferencePage(context.workspace, context=context)
    qtbot.addWidget(page)
    bar = page.load_bar
    first = bar.choose_and_load("groups")
    with qtbot.waitSignal(bar.loaded, timeout=20000):
        pass
    assert first.is_done()
    kinds = [kind for kind, _, _ in context.dialogs.said]
    assert kinds == ["open_file", "choose", "inform"]
    question = context.dialogs.said[1][2]
    assert "1 行被拒收（共 3 行" in question and "第 4 行 BAD1" in question and "审计日志" in question
    assert "部分载入" in context.dialogs.said[2][2]
    rows = {r[0]: r for r in _rows(page.groups)}
    assert set(rows) == {"FM19", "XJ19"}
    assert rows["FM19"][8] == "二级 30,000.51; 三级 45,000.46"
    assert rows["XJ19"][10] == "不稳定病组、单议病组"
    assert context.workspace.db.execute(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'groups.accept_partial'").fetchone()[0] == 1


def test_declining_a_partial_load_changes_nothing(qtbot, make_context, small_db_path, tmp_path):
    table = tmp_path / "city.csv"
    table.write_text(PARTIAL_TABLE, encoding="utf-8")
    context = make_context(small_db_path, str(table), None)
    page = ReferencePage(context.workspace, context=context)
    qtbot.addWidget(page)
    job = page.load_bar.choose_and_load("groups")
    with qtbot.waitSignal(job.done, timeout=20000):
        pass
    qtbot.waitUntil(lambda: len(context.dialogs.said) == 2)
    assert {r[0] for r in _rows(page.groups)} == {"AE19", "FM19", "AA19"}
    assert page.load_bar.status.text() == "未作改动。"


def test_the_group_table_exports_as_a_file_the_loader_reads(qtbot, make_context, small_db_path, tmp_path):
    out = tmp_path / "exported.csv"
    context = make_context(small_db_path, str(out))
    page = ReferencePage(context.workspace, context=context)
    qtbot.addWidget(page)
    assert page.load_bar.export_groups() == out
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("DRG编码,DRG名称,权重") and "AA19,心脏移植,按项目据实支付" in text
    assert "3 个病组" in page.load_bar.status.text()


def test_only_an_administrator_loads_reference_tables(qtbot, make_context, small_db_path):
    from workstation.domain.accounts import Role
    from workstation.services.context import Actor

    reviewer = make_context(small_db_path, user=Actor("li", Role.REVIEWER))
    page = ReferencePage(reviewer.workspace, context=reviewer)
    qtbot.addWidget(page)
    assert not page.load_bar.load_groups_button.isEnabled() and page.load_bar.export_button.isEnabled()
    admin = make_context(small_db_path, user=Actor("root", Role.ADMIN))
    page = ReferencePage(admin.workspace, context=admin)
    qtbot.addWidget(page)
    assert page.load_bar.load_groups_button.isEnabled() and page.load_bar.load_hospitals_button.isEnabled()


def test_the_drg_name_column_stays_readable_when_the_other_columns_need_the_room(qtbot, open_workspace,
                                                                                  small_db_path):
    """English headers widen the other columns: stretched, the name column was squeezed to a sliver
    (33 px in the demo at 1366 after a switch to English); it keeps a readable width and the table
    scrolls sideways instead."""
    from workstation.ui.i18n import install_language
    from workstation.ui.reference.page import NAME_MIN_WIDTH

    workspace = open_workspace(small_db_path)
    install_language("en")
    page = ReferencePage(workspace)
    qtbot.addWidget(page)
    page.resize(800, 600)
    page.show()
    qtbot.waitExposed(page)
    header = page.groups.table.horizontalHeader()
    assert page.groups.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "DRG name"
    assert header.sectionSize(1) >= NAME_MIN_WIDTH
