"""Screens found wanting in use: Qt's own dialogs speak Chinese, and no button says …… twice."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import QCoreApplication

from workstation.paths import resource


def test_qts_own_dialogs_speak_chinese():
    # qtbase_zh_CN.qm ships with PySide6-Essentials and is loaded with ours (ui.i18n).
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
    assert QCoreApplication.translate("QDialogButtonBox", "OK") == "确定"


def test_no_translation_doubles_the_ellipsis_of_its_source():
    doubled = []
    for path in sorted(resource("i18n").glob("*_zh_CN.ts")):
        for message in ET.parse(path).iter("message"):
            source, text = message.findtext("source") or "", message.findtext("translation") or ""
            if source.endswith("…") and text.endswith("……"):
                doubled.append(f"{path.name}: {source}")
    assert doubled == []


def test_the_accept_dialogs_error_is_not_hidden_behind_the_reason_box(db_path, make_context, qtbot):
    from tests.services.panel_store import REVIEWER, build_panel_store
    from workstation.services.applications import create_from_case
    from workstation.services.review.view import application_view
    from workstation.store.db import open_database
    from workstation.ui.review.steps_intake import AcceptDialog

    db = open_database(db_path)
    build_panel_store(db, plan=False)  # H001's quota (1) is used by its first application
    case = db.execute("SELECT id FROM cases WHERE hospital_code = 'H001' AND id NOT IN"
                      " (SELECT case_pk FROM applications) LIMIT 1").fetchone()[0]
    app = create_from_case(db, REVIEWER, case, reason="HIGH_COST", statement="多次介入治疗")
    db.close()
    from workstation.domain.accounts import Role
    from workstation.services.context import Actor

    # Only a supervisor is offered the override box (a reviewer is not: the authority's table).
    context = make_context(db_path, user=Actor("wang", Role.SUPERVISOR))
    dialog = AcceptDialog(context, application_view(context.workspace.db, app))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.override.isVisible(), timeout=10_000)
    dialog.override.setPlainText("该院本期危重病例明显增多" * 200)  # beyond the 2,000 characters: refused
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    qtbot.wait(50)
    error, box = dialog.error_label.geometry(), dialog.override.geometry()
    box_bottom = dialog.override.mapTo(dialog, box.bottomLeft() - box.topLeft()).y()
    assert error.top() >= box_bottom and error.height() >= dialog.error_label.heightForWidth(error.width()) - 1
    assert error.bottom() <= dialog.buttons.geometry().top()
