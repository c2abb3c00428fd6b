"""Reference data: the current DRG group table (with its source and version, each level's
standards and coefficients, the groups' attributes and states), the hospitals, and the rules
in force. With an application context it also loads group and hospital tables (the
administrator) and exports the group table (``loading.ReferenceLoadBar``).

Runnable on its own: ``python -m workstation.ui.reference.page [--db PATH]``.
"""
from __future__ import annotations

import json

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTableView, QTabWidget, QVBoxLayout, QWidget

from workstation.domain.money import fen_to_yuan_text
from workstation.paths import BUNDLED_SOURCE_PREFIX
from workstation.services.reference import current_groups, current_hospitals, current_version
from workstation.services.rules_table import rule_rows, rules_in_force
from workstation.ui.context import AppContext
from workstation.ui.widgets.formatting import local_time_text
from workstation.ui.widgets.table_model import Column, RowsModel
from workstation.ui.workspace import ChangeSet, Workspace

SECTIONS = ("groups", "hospitals", "rules")


def _yuan(fen) -> str:
    return fen_to_yuan_text(fen, thousands=True)


def _attribute_codes(group: dict) -> str:
    """The group's attributes as codes ("base_group,unstable"): shown translated, sorted as text."""
    codes = ["base_group" if group.get("base_group") else "", group.get("stability") or "",
             "tcm_advantage" if group.get("tcm_advantage") else "", "single_review" if group.get("single_review") else ""]
    return ",".join(code for code in codes if code)


NAME_MIN_WIDTH = 200  # pixels: a DRG or hospital name stays readable whatever the other columns need


class ReferenceTable(QWidget):
    """A caption, a search box and a sortable read-only table."""

    def __init__(self, columns: list[Column], name: str, parent: QWidget | None = None, *,
                 stretch: int = -1):
        """``stretch``: the column that takes the spare width (default the last)."""
        super().__init__(parent)
        self.setObjectName(name)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search…"))
        self.model = RowsModel(columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        # Start in the source's own order (by code; the rules file's order) until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.stretch = stretch % len(columns)
        self.table.horizontalHeader().setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)

    def set_rows(self, rows: list[dict], caption: str) -> None:
        self.caption.setText(caption)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):  # long names must not push the rest away
            header.resizeSection(column, min(header.sectionSize(column), 360))
        # The name column keeps the width of its names (at least a readable one) and the table scrolls
        # sideways when the rest needs the room: stretched, it was squeezed to a sliver when English
        # headers widened the other columns.
        header.resizeSection(self.stretch, max(header.sectionSize(self.stretch), NAME_MIN_WIDTH))
        header.setStretchLastSection(True)

    def visible_rows(self) -> int:
        return self.proxy.rowCount()


class ReferencePage(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *, context: AppContext | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.groups = ReferenceTable([
            Column("drg_code", lambda: self.tr("DRG code")),
            Column("drg_name", lambda: self.tr("DRG name")),
            Column("weight", lambda: self.tr("Weight (RW)"), numeric=True),
            Column("base_points", lambda: self.tr("Base points"), numeric=True),
            Column("avg_cost_fen", lambda: self.tr("Average cost (yuan)"), _yuan, numeric=True),
            Column("avg_los", lambda: self.tr("Average stay (days)"), numeric=True),
            Column("payable_by_drg", lambda: self.tr("Paid by DRG"), lambda v: self.tr("Yes") if v else self.tr("No, by item")),
            Column("note", lambda: self.tr("Note")),
            Column("level_standards", lambda: self.tr("Standards by level (yuan)"), self._standards_text),
            Column("level_coefficients", lambda: self.tr("Coefficients by level"), self._coefficients_text),
            Column("attributes", lambda: self.tr("Attributes"), self._attributes_text),
            Column("row_state", lambda: self.tr("State"), self._state_text),
        ], "GroupsTable", self, stretch=1)
        self.hospitals = ReferenceTable([
            Column("hospital_code", lambda: self.tr("Hospital code")),
            Column("hospital_name", lambda: self.tr("Hospital name")),
            Column("hospital_level", lambda: self.tr("Level"), self._level_text),
            Column("coefficient", lambda: self.tr("Coefficient"), numeric=True),
        ], "HospitalsTable", self, stretch=1)
        self.rules = ReferenceTable([
            Column("parameter", lambda: self.tr("Parameter")),
            Column("value", lambda: self.tr("Value"), lambda v: v if v else self.tr("(not set)")),
            Column("explanation", lambda: self.tr("Meaning")),
        ], "RulesTable", self)
        self.rules.table.setWordWrap(True)
        # Explanations wrap and rows follow their height (a few dozen rows: cheap to measure).
        self.rules.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.groups, self.tr("DRG groups"))
        self.tabs.addTab(self.hospitals, self.tr("Hospitals"))
        self.tabs.addTab(self.rules, self.tr("Rules in force"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.load_bar = None
        if context is not None:
            from workstation.ui.reference.loading import ReferenceLoadBar

            self.load_bar = ReferenceLoadBar(context, self)
            layout.addWidget(self.load_bar)
        layout.addWidget(self.tabs)
        workspace.changed.connect(self._on_changed)
        self.refresh()

    def _level_text(self, level) -> str:
        return {3: self.tr("Tertiary (3)"), 2: self.tr("Secondary (2)"), 1: self.tr("Primary (1)")}.get(
            level, "" if level is None else str(level))

    def _who_text(self, level: int | None, insurance: str | None) -> str:
        levels = {1: self.tr("Level 1"), 2: self.tr("Level 2"), 3: self.tr("Level 3")}
        insurances = {"employee": self.tr("employees"), "resident": self.tr("residents")}
        parts = [levels.get(level, "") if level is not None else "",
                 insurances.get(insurance, "") if insurance is not None else ""]
        return "·".join(p for p in parts if p)

    def _standards_text(self, text: str | None) -> str:
        items = json.loads(text) if text else []
        return "; ".join(f"{self._who_text(i['level'], i['insurance'])} {_yuan(i['fen'])}" for i in items)

    def _coefficients_text(self, text: str | None) -> str:
        items = json.loads(text) if text else []
        return "; ".join(f"{self._who_text(i['level'], None)} {i['value']}" for i in items)

    def _attributes_text(self, codes: str | None) -> str:
        names = {"base_group": self.tr("Base group"), "unstable": self.tr("Unstable"), "stable": self.tr("Stable"),
                 "tcm_advantage": self.tr("TCM advantage"), "single_review": self.tr("Single review")}
        return self.tr(", ").join(names[c] for c in (codes or "").split(",") if c in names)

    def _state_text(self, state: str | None) -> str:
        return {"ungrouped_row": self.tr("Row for ungrouped cases"), "not_paid": self.tr("Not paid by DRG"),
                "no_payment_data": self.tr("No payment data: computed from cases")}.get(state or "", "")

    def show_section(self, which: str) -> None:
        self.tabs.setCurrentIndex(SECTIONS.index(which))

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.reference or changes.rules:
            self.refresh()

    def refresh(self) -> None:
        db = self.workspace.db
        self.groups.set_rows([{**g, "attributes": _attribute_codes(g)} for g in current_groups(db)],
                             self._version_caption("groups", self.tr("No DRG group table loaded yet.")))
        self.hospitals.set_rows(current_hospitals(db),
                                self._version_caption("hospitals", self.tr("No hospital table loaded yet.")))
        info = rules_in_force(db)
        if info is None:
            self.rules.set_rows([], self.tr("No rules loaded yet."))
        else:
            rows = [{"parameter": r.parameter, "value": r.value, "explanation": r.explanation}
                    for r in rule_rows(info)]
            if info.ruleset_id is None:
                caption = self.tr("Bundled default rules ({0}); they apply until an administrator loads "
                                  "a region's rules.").format(self._source_text(info.source))
            else:
                caption = self.tr("Rule set “{0}” (#{1}) from {2}, loaded {3} by {4}.").format(
                    info.name, info.ruleset_id, self._source_text(info.source), local_time_text(info.loaded_at), info.loaded_by)
            self.rules.set_rows(rows, caption)

    def _source_text(self, source: str | None) -> str:
        """A stored source in the user's language: 'bundled: NAME' is a file shipped with the workstation."""
        source = source or "—"
        if source.startswith(BUNDLED_SOURCE_PREFIX):
            return self.tr("the bundled file {0}").format(source.removeprefix(BUNDLED_SOURCE_PREFIX))
        return source

    def _version_caption(self, kind: str, none_text: str) -> str:
        version = current_version(self.workspace.db, kind)
        if version is None:
            return none_text
        return self.tr("Source: {0} · Label: {1} · Version #{2}, loaded {3} by {4} · {5} rows").format(
            self._source_text(version["source"]), version["label"] or "—", version["id"],
            local_time_text(version["loaded_at"]), version["loaded_by"], f"{version['rows']:,}")


if __name__ == "__main__":
    from workstation.ui.widgets.preview import run_preview

    raise SystemExit(run_preview(lambda ws: ReferencePage(ws), "ReferencePage"))
