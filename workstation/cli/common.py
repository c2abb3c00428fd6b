"""Helpers shared by the command modules."""
from __future__ import annotations

import argparse
import sqlite3
import sys

from sqlite_utils import Database

from workstation.domain.jobs import JobControl
from workstation.domain.messages import Text
from workstation.paths import default_db_path
from workstation.services.audit_trail import opening_warning
from workstation.services.backups import daily_backup_if_due, daily_due
from workstation.services.context import current_actor
from workstation.services.operations import refresh_stale_results, stale_result_periods
from workstation.store.db import open_database


def open_db(args: argparse.Namespace) -> Database:
    path = default_db_path(getattr(args, "db", None))
    # The day's first opening checks every page (quick_check: seconds on a million cases, too slow
    # for every command) and then takes the day's backup, so a backup is never of a damaged file.
    first_today = daily_due(path)
    db = open_database(path, check=first_today)
    if getattr(db, "read_only", False):
        print(str(Text("注意：数据库以只读方式打开（只读介质或无写权限），需要写入的命令将被拒绝。",
                       "Note: the database is open for reading only (a read-only medium or no permission to "
                       "write); commands that write are refused.")), file=sys.stderr)
    elif first_today:
        daily_backup_if_due(db)
    warning = opening_warning(db)  # a broken audit chain: said on every command, the command still runs
    if warning is not None:
        print(str(warning), file=sys.stderr)
    _refresh_stale_results(db, args)
    return db


def _refresh_stale_results(db: Database, args: argparse.Namespace) -> None:
    """Periods whose results an earlier import left stale (killed, or another writer busy) are
    brought up to date before the command runs, with a word on stderr."""
    stale = stale_result_periods(db)
    if not stale:
        return
    print(str(Text("结算期 {periods} 的结果不是最新的（上次导入后的计算未完成），正在重新计算…",
                   "The results of period(s) {periods} are out of date (the computation after an import did "
                   "not finish): recomputing…").format(periods=", ".join(stale))), file=sys.stderr)
    try:
        refresh_stale_results(db, actor=actor(args), control=stderr_progress())
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc):
            raise
        print(str(Text("另一程序正在写入数据库，稍后再补算这些结果。",
                       "Another program is writing the database: these results will be computed later.")),
              file=sys.stderr)


def actor(args: argparse.Namespace) -> str:
    return current_actor(getattr(args, "user", None))


def stderr_progress() -> JobControl:
    """Progress on stderr, one line rewritten in place when stderr is a terminal."""
    interactive = sys.stderr.isatty()
    last = [-1]

    def show(fraction: float, message: str) -> None:
        percent = int(fraction * 100)
        if percent == last[0]:
            return
        last[0] = percent
        if interactive:
            print(f"\r{percent:3d}% {message}", end="", file=sys.stderr, flush=True)
            if percent >= 100:
                print(file=sys.stderr)

    return JobControl(on_progress=show)
