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
