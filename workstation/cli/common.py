"""Helpers shared by the command modules."""
from __future__ import annotations

import argparse
import sys

from sqlite_utils import Database

from workstation.domain.jobs import JobControl
from workstation.paths import default_db_path
from workstation.services.audit_trail import opening_warning
from workstation.services.context import current_actor
from workstation.store.db import open_database


def open_db(args: argparse.Namespace) -> Database:
    db = open_database(default_db_path(getattr(args, "db", None)))
    warning = opening_warning(db)  # a broken audit chain: said on every command, the command still runs
    if warning is not None:
        print(str(warning), file=sys.stderr)
    return db


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
