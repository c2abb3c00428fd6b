"""Tools → Expert pool…: the administrator's list of experts (专家库), with add, deactivate or
activate again, and load from a CSV/XLSX file (姓名, 专业, 所在医院编码), all through
services.experts on the writer thread. An expert is never deleted: past panels name them."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from workstation.domain.bounds import NAME_CHARS
from workstation.services import experts
from workstation.ui.accounts.admin_table import AdminTableDialog
from workstation.ui.accounts.forms import Form, Kept
from workstation.ui.context import AppContext
from workstation.ui.widgets.table_model import Column


class NewExpertDialog(Form):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Add expert"), self.tr(
            "An expert is left out of the draw for the hospitals named here (their affiliation)."), parent)
        self.setObjectName("NewExpertDialog")
        self.name = QLineEdit(self)
        self.name.setMaxLength(NAME_CHARS)
        self.specialty = QLineEdit(self)
        self.specialty.setMaxLength(NAME_CHARS)
        self.hospitals = QLineEdit(self)
        self.hospitals.setPlaceholderText(self.tr("hospital codes, separated by ;"))
        self.username = QLineEdit(self)
        self.username.setPlaceholderText(self.tr("optional: the account the expert votes with"))
        self.form.addRow(self.tr("Name:"), self.name)
        self.form.addRow(self.tr("Specialty:"), self.specialty)
        self.form.addRow(self.tr("Affiliated hospitals:"), self.hospitals)
        self.form.addRow(self.tr("User name:"), self.username)

    def apply(self) -> None:
        if not self.name.text().strip():
            self.say(self.tr("The expert's name cannot be empty."))
            raise Kept()


class ExpertsDialog(AdminTableDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, self.tr("Expert pool"), [
            Column("id", lambda: self.tr("#"), numeric=True),
            Column("name", lambda: self.tr("Name")),
            Column("specialty", lambda: self.tr("Specialty")),
            Column("hospital_codes", lambda: self.tr("Affiliated hospitals")),
            Column("username", lambda: self.tr("User name")),
            Column("active", lambda: self.tr("State"), self._state),
        ], parent)
        self.setObjectName("ExpertsDialog")
        self.add_button(self.tr("Add expert…"), self.add_expert)
        self.toggle_button = self.add_button(self.tr("Deactivate"), self.toggle_active)
        self.add_button(self.tr("Load from file…"), self.load_file)
        self.add_button(self.tr("Close"), self.accept, stretch_before=True)
        self.form: NewExpertDialog | None = None
        self.refresh()

    def _state(self, active) -> str:
        return self.tr("active") if active else self.tr("inactive")

    def refresh(self) -> None:
        self.fill(experts.list_experts(self.context.workspace.db))

    def selection_changed(self) -> None:
        row = self.selected()
        self.toggle_button.setEnabled(row is not None)
        self.toggle_button.setText(self.tr("Activate") if row is not None and not row["active"]
                                   else self.tr("Deactivate"))

    def add_expert(self) -> NewExpertDialog:
        form = NewExpertDialog(self)
        form.accepted.connect(lambda: self.write(
            experts.add_expert, form.name.text().strip(), specialty=form.specialty.text(),
            hospital_codes=form.hospitals.text(), username=form.username.text().strip() or None,
            done=lambda expert_id: self.tr("Expert {0} added.").format(expert_id)))
        self.form = form
        form.open()
        return form

    def toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        active = not row["active"]
        self.write(experts.set_active, row["id"], active, done=lambda _r: (
            self.tr("{0} is in the pool again.") if active else
            self.tr("{0} is no longer drawn; past panels keep the name.")).format(row["name"]))

    def load_file(self) -> None:
        path = self.context.dialogs.open_file(self, self.tr("Load experts"), str(self.context.workspace.db_path.parent),
                                              self.tr("Tables (*.csv *.tsv *.txt *.xlsx);;All files (*)"))
        if path:
            self.write(experts.load_experts, path,
                       done=lambda ids: self.tr("{0} experts loaded from the file.").format(len(ids)))
