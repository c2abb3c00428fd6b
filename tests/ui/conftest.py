"""GUI test fixtures: offscreen Qt (tests/conftest.py), a settings file per test, small
hand-made databases, and ONE demo database per session built the way a user gets it."""
from __future__ import annotations

import json
import shutil

import pytest

NOW = "2024-04-02T08:00:00+00:00"
SCREEN = (1366, 768)  # the smallest screen the workstation must look right on


@pytest.fixture(scope="session")
def qapp_args(tmp_path_factory):
    """Offscreen Qt with a 1366×768 screen instead of the plugin's default 800×600."""
    config = tmp_path_factory.mktemp("qpa") / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "test", "x": 0, "y": 0, "width": SCREEN[0],
                                               "height": SCREEN[1], "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}))
    return ["drg-workstation-tests", "-platform", f"offscreen:configfile={config}"]


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Each test reads and writes its own settings file, never the user's."""
    from workstation.ui import settings as settings_module

    monkeypatch.setenv(settings_module.SETTINGS_ENV, str(tmp_path / "settings.ini"))
    settings_module.reset_shared()
    yield settings_module.settings()
    settings_module.reset_shared()


@pytest.fixture(autouse=True)
def chinese_by_default(qapp):
    """Every test starts in the default language, with the bundled font registered."""
    from workstation.ui.app import prepare_application

    prepare_application("zh")
    yield
    prepare_application("zh")


@pytest.fixture(autouse=True)
def collected_at_the_end_of_each_test(qapp):
    """Python's collector deletes a dropped Qt object wherever it happens to run; inside a signal
    connection that deadlocks on Qt's own lock (seen once in a clean-clone run: a projector test hung
    in PlotItem.addItem while an earlier test's widget with actions was being deleted). Collect at
    each test's end, where nothing is connecting, instead."""
    import gc

    from PySide6.QtWidgets import QApplication

    yield
    QApplication.processEvents()
    gc.collect()
    QApplication.processEvents()


def add_batch(db, *, period="2024-03", quarantined=(), cases=0) -> int:
    """A batch row, ``cases`` cases in it and its quarantine; ``quarantined`` = (row, code, column,
    reason, reason_en, raw). Counts agree as the importer's do: read = imported + quarantined."""
    batch_id = db["batches"].insert({
        "file_name": f"{period}.csv", "file_sha256": f"sha-{period}-{len(quarantined)}", "file_size": 1,
        "file_format": "csv", "encoding": "gb18030", "delimiter": ",", "period": period, "imported_at": NOW,
        "imported_by": "tester", "rows_read": cases + len(quarantined), "rows_imported": cases,
        "rows_quarantined": len(quarantined), "rows_already_imported": 0}).last_pk
    base = {"hospital_code": "H001", "patient_id": "P1", "sex": 1, "age": 40, "admit_date": f"{period}-01",
            "discharge_date": f"{period}-05", "los": 4, "discharge_mode": 1, "main_dx": "I21.000",
            "total_cost_fen": 100000}
    db["cases"].insert_all([dict(base, batch_id=batch_id, period=period, source_row=i + 2,
                                 case_id=f"{period}-C{i}") for i in range(cases)])
    db["quarantine"].insert_all([
        {"batch_id": batch_id, "source_row": row, "reason_code": code, "column": column, "reason": zh,
         "reason_en": en, "raw": json.dumps(raw, ensure_ascii=False)}
        for row, code, column, zh, en, raw in quarantined])
    return batch_id


def add_reference(db) -> None:
    """A current group table (one group paid by item) and a hospital table."""
    groups = db["reference_versions"].insert({
        "kind": "groups", "source": "beijing-2022.csv", "label": "北京 2022", "loaded_at": NOW,
        "loaded_by": "admin", "rows": 3, "rows_rejected": 0, "is_current": 1}).last_pk
    db["drg_groups"].insert_all([
        {"version_id": groups, "drg_code": "AE19", "drg_name": "肺移植", "weight": "5.8",
         "avg_cost_fen": 11850700, "payable_by_drg": 1},
        {"version_id": groups, "drg_code": "FM19", "drg_name": "经皮冠状动脉支架植入", "weight": "2.1",
         "avg_cost_fen": 4512345, "payable_by_drg": 1},
        {"version_id": groups, "drg_code": "AA19", "drg_name": "心脏移植", "weight": None,
         "payable_by_drg": 0, "note": "按项目据实支付"},
    ])
    hospitals = db["reference_versions"].insert({
        "kind": "hospitals", "source": "hospitals.csv", "label": None, "loaded_at": NOW,
        "loaded_by": "admin", "rows": 2, "rows_rejected": 0, "is_current": 1}).last_pk
    db["hospitals"].insert_all([
        {"version_id": hospitals, "hospital_code": "H001", "hospital_name": "某市第一人民医院",
         "hospital_level": 3, "coefficient": "1.05"},
        {"version_id": hospitals, "hospital_code": "H002", "hospital_name": "某县中医院",
         "hospital_level": 2, "coefficient": "0.9"},
    ])


@pytest.fixture
def small_db_path(tmp_path):
    """Two batches (one with quarantined rows) and current reference tables."""
    from workstation.store.db import open_database

    path = tmp_path / "small.db"
    db = open_database(path)
    add_reference(db)
    add_batch(db, period="2024-02", cases=2)
    add_batch(db, period="2024-03", cases=3, quarantined=[
        (5, "BAD_DATE", "discharge_date", "第 5 行 出院日期 “2024-13-01” 不是日期", "row 5: discharge date is not a date",
         {"就诊ID": "ZY001", "姓名": "张三丰", "证件号码": "330102199001011234", "出院日期": "2024-13-01"}),
        (9, "MISSING_REQUIRED", "case_id", "第 9 行 缺少 就诊ID", "row 9: case ID missing",
         {"就诊ID": "", "姓名": "李四", "证件号码": "", "出院日期": "2024-03-02"}),
    ])
    db.close()
    return path


def close_windows() -> None:
    """Close every window first: a shown view still paints from the database it reads."""
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        widget.close()
    QApplication.processEvents()


@pytest.fixture
def open_workspace(qtbot):
    """Workspace(path), closed after the test's windows."""
    from workstation.ui.workspace import Workspace

    made = []

    def make(db_path):
        made.append(Workspace(db_path))
        return made[-1]

    yield make
    close_windows()
    for workspace in made:
        workspace.close()


@pytest.fixture
def make_context(qtbot):
    """An AppContext on a database, with scripted dialogs; closed after the test."""
    from workstation.ui.context import AppContext
    from workstation.ui.jobs import JobRunner
    from workstation.ui.settings import settings
    from workstation.ui.widgets.dialogs import ScriptedDialogs
    from workstation.ui.workspace import Workspace

    made = []

    def make(db_path, *answers, user=None):
        from workstation.services.context import Actor

        context = AppContext(Workspace(db_path), JobRunner(), settings(), ScriptedDialogs(*answers), user or Actor("tester"))
        made.append(context)
        return context

    yield make
    close_windows()
    for context in made:
        context.runner.shutdown()
        context.workspace.close()


@pytest.fixture(scope="session")
def demo_db_master(tmp_path_factory):
    """The demo month, built once per session as first start builds it, but without the
    pre-filled review workflow: its accounts would make every start ask to sign in. The
    workflow's own GUI tests build it with ``with_workflow=True``."""
    try:
        from workstation.demo.bootstrap import create_demo_database
    except ModuleNotFoundError:
        pytest.skip("the demo generator (workstation.demo.bootstrap) is not there yet")
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    create_demo_database(path, cases=3000, seed=1, with_workflow=False)
    return path


@pytest.fixture
def demo_db_path(demo_db_master, tmp_path):
    """A private copy of the session's demo database, free to change."""
    from workstation.store.db import open_database

    db = open_database(demo_db_master)  # fold the WAL into the file before copying it
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    path = tmp_path / "demo.db"
    shutil.copy(demo_db_master, path)
    return path


@pytest.fixture
def start_app(qtbot, isolated_settings):
    """start_app(db_path, *answers) -> (Controller, shown): the application as run_gui starts it,
    with scripted answers to its questions."""
    from workstation.ui.app import Controller
    from workstation.ui.widgets.dialogs import ScriptedDialogs

    made = []

    def run(db_path, *answers):
        controller = Controller(db_path, "审核员甲", isolated_settings, ScriptedDialogs(*answers))
        made.append(controller)
        return controller, controller.start()

    yield run
    close_windows()
    for controller in made:
        controller.shutdown()
