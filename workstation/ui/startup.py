"""The one QApplication with the bundled CJK font and a language's translators: shared by the
application (ui/app.py) and the panel previews (ui/widgets/preview.py), which must not import
the application."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from workstation.ui.fonts import install_application_font
from workstation.ui.i18n import install_language
from workstation.ui.settings import ORGANISATION


def prepare_application(lang: str | None = None) -> QApplication:
    """The one QApplication, with the bundled CJK font and the translators of ``lang``."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "drg-workstation"])
    assert isinstance(app, QApplication), "the widgets need a QApplication, not a bare QCoreApplication"
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName("DRG Workstation")
    install_application_font(app)
    if lang is not None:
        install_language(lang, app)
    return app
