"""Pictures of every shell screen, in Chinese and English, at 1366×768 and 1920×1080.

    .venv/bin/python bench/screenshots.py [--db DEMO.db] [--out screenshots/]
    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python bench/screenshots.py --screen

Offscreen (the default) it draws each window at both sizes with widget.grab();
with --screen it runs on the real display (e.g. Xvfb) and grabs the whole screen,
so window decorations, maximised layout and font fallback are what a user sees.
Look at the PNGs: text must be characters (not boxes), nothing clipped or overlapping.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = ((1366, 768), (1920, 1080))


def _demo(db: str | None) -> Path:
    if db:
        return Path(db)
    path = ROOT / "bench" / "out" / "screens-demo.db"
    if not path.exists():
        from workstation.demo.bootstrap import create_demo_database

        path.parent.mkdir(parents=True, exist_ok=True)
        create_demo_database(path, cases=3000, seed=1)
    return path


def _demo_batch_file() -> Path:
    from workstation.demo.writer import write_demo

    folder = Path(tempfile.mkdtemp(prefix="drg-screens-"))
    return write_demo(folder, cases=500, seed=os.getpid() % 10_000 + len(os.listdir(folder.parent)),
                      period="2024-04").batch  # new cases each time, so each import shows a summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db")
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--screen", action="store_true", help="grab the real screen (run under Xvfb)")
    parser.add_argument("--size", help="one offscreen screen size, e.g. 1366x768 (default: each of SIZES)")
    args = parser.parse_args(argv)
    if not args.screen and not args.size:
        # One process per size: the offscreen screen's size is fixed when Qt starts, and
        # dialogs size themselves to the screen, as they do on a user's desktop.
        db_path = _demo(args.db)
        for width, height in SIZES:
            config = Path(tempfile.mkdtemp()) / "screen.json"
            config.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": width,
                                                       "height": height, "logicalDpi": 96, "dpr": 1}]}))
            env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
            subprocess.run([sys.executable, __file__, "--db", str(db_path), "--out", args.out,
                            "--size", f"{width}x{height}"], env=env, check=True)
        return 0
    os.environ.setdefault("DRG_WORKSTATION_SETTINGS", str(Path(tempfile.mkdtemp()) / "settings.ini"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    db_path = _demo(args.db)

    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    from workstation.ui.app import Controller, prepare_application
    from workstation.ui.i18n import install_language
    from workstation.ui.settings import settings
    from workstation.ui.widgets.dialogs import ScriptedDialogs, SignInAnswer

    app = prepare_application("zh")
    # The demo has accounts (README): the supervisor signs in, who sees every page and step.
    controller = Controller(db_path, "screens", settings(), ScriptedDialogs(SignInAnswer("wang", "demo1234")))
    controller.start()
    batch = _demo_batch_file()

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shoot(widget, name: str, size: tuple[int, int] | None) -> None:
        settle()
        if args.screen:
            picture = QApplication.primaryScreen().grabWindow(0)
            tag = "x".join(map(str, picture.size().toTuple()))
        else:
            tag = f"{size[0]}x{size[1]}"
            picture = widget.grab()
        target = out / f"{name}_{lang}_{tag}.png"
        picture.save(str(target))
        print(target)

    for lang in ("zh", "en"):
        install_language(lang)
        controller.set_language(lang)
        window = controller.window
        for size in ([None] if args.screen else [tuple(int(n) for n in args.size.split("x"))]):
            # Fill the screen (without a window manager, as under Xvfb, showMaximized does not).
            window.setGeometry(QApplication.primaryScreen().availableGeometry())
            for index, name in enumerate(("queue", "charts", "batches", "reference", "applications", "reports")):
                window.tabs.setCurrentIndex(index)
                while window.charts_page.is_loading():  # the charts are read off the GUI thread
                    app.processEvents()
                for _ in range(20):  # the applications page's marks and gauges are read off the GUI thread too
                    app.processEvents()
                    QThread.msleep(25)
                shoot(window, f"main_{name}", size)
            # The case detail beside the queue, with the queue's first (highest-ratio) case chosen.
            window.tabs.setCurrentIndex(0)
            page = window.queue_page
            page.table.setCurrentIndex(page.model.index(0, 0))
            for tab, name in enumerate(("overview", "codes_fees", "group")):
                page.detail.tabs.setCurrentIndex(tab)
                shoot(window, f"main_detail_{name}", size)
            page.detail.tabs.setCurrentIndex(0)
            for section in ("hospitals", "rules"):
                window.show_reference(section)
                shoot(window, f"main_reference_{section}", size)
            from workstation.ui.import_dialog.dialog import ImportDialog

            dialog = ImportDialog(controller.window.context, window)
            dialog.show()
            dialog.load_file(batch)
            shoot(dialog, "import_mapping", size)
            dialog.set_mapping("就诊ID", None)  # show the missing-required warning
            shoot(dialog, "import_missing", size)
            dialog.set_mapping("就诊ID", "case_id")
            dialog.period_edit.setText(f"2024-{4 if lang == 'zh' else 5:02d}")
            job = dialog.start_import()
            while not job.is_done():
                app.processEvents()
            shoot(dialog, "import_result", size)
            dialog.done(0)
            dialog.deleteLater()
            batch = _demo_batch_file()
    controller.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
