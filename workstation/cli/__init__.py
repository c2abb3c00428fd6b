"""The headless command line. Every command calls the same services as the GUI.

Each command lives in its own module exposing ``register(subparsers)``; the
module's ``run(args, db)`` does the work and returns the exit status.
"""
from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys

from workstation import __version__
from workstation.domain.messages import Text, UserError, set_language

# Command modules, in the order `--help` lists them.
COMMAND_MODULES = [
    "workstation.cli.import_cmd",
    "workstation.cli.reference_cmd",
    "workstation.cli.batches_cmd",
    "workstation.cli.demo_cmd",
    "workstation.cli.rules_cmd",
    "workstation.cli.export_cmd",
    "workstation.cli.summary_cmd",
    "workstation.cli.audit_cmd",
    "workstation.cli.review_cmd",
    "workstation.cli.notice_cmd",
    "workstation.cli.report_cmd",
    "workstation.cli.weights_cmd",
    "workstation.cli.opinions_cmd",
    "workstation.cli.panel_cmd",
    "workstation.cli.backup_cmd",
    "workstation.cli.package_cmd",
]

DESCRIPTION = Text(
    """DRG 特例单议审核工作站。

不带命令时启动桌面程序。每个命令都接受 --db PATH（或 $DRG_WORKSTATION_DB）；
默认数据库位于用户数据文件夹。""",
    """DRG special-case review workstation.

Without a command, starts the desktop application. Every command takes
--db PATH (or $DRG_WORKSTATION_DB); by default the database lives in the
user's data folder.""")


def _common(parser: argparse.ArgumentParser, *, sub: bool = False) -> None:
    # On a command's parser the default is SUPPRESS, so `main.py --db X import F` keeps X.
    default = argparse.SUPPRESS if sub else None
    parser.add_argument("--db", metavar="PATH", default=default,
                        help=str(Text("工作站数据库文件（默认：$DRG_WORKSTATION_DB 或用户数据文件夹）",
                                     "workstation database file (default: $DRG_WORKSTATION_DB or the user data folder)")))
    parser.add_argument("--lang", choices=["zh", "en"], default=default,
                        help=str(Text("提示与输出的语言（默认 zh，或 $DRG_LANG）", "language of messages (default zh, or $DRG_LANG)")))
    parser.add_argument("--user", default=default,
                        help=str(Text("操作人，记入审计日志（默认：登录名）",
                                      "who is acting, recorded in the audit log (default: the login name)")))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description=str(DESCRIPTION),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command not written yet
                continue
            raise
        for command_parser in module.register(sub):
            _common(command_parser, sub=True)
    return parser


def _first_pass(argv: list[str] | None) -> argparse.Namespace:
    """The command and --lang named on the command line, before the full parser is built."""
    first = argparse.ArgumentParser(add_help=False)
    _common(first)
    first.add_argument("command", nargs="?")
    return first.parse_known_args(argv)[0]


def _command(argv: list[str] | None) -> str | None:
    """The command named on the command line, before the full parser is built."""
    return _first_pass(argv).command


def main(argv: list[str] | None = None) -> int:
    importing = _command(argv) == "import"
    if importing:
        # Before the commands' modules are imported (about a second: sqlite-utils brings pandas),
        # so that a big file's worker process has done its own imports by the time it is wanted.
        from workstation.importer.worker import start_early

        start_early()
    try:
        return _main(argv)
    finally:
        if importing:
            from workstation.importer.worker import end_early

            end_early()


def _main(argv: list[str] | None) -> int:
    from workstation.store.db import (  # (brings sqlite-utils and pandas: after start_early)
        READ_ONLY,
        StoreBusy,
        StoreError,
        damaged,
        is_busy,
    )

    # The help texts are rendered when the parser is built, so the language is set first.
    early = _first_pass(argv)
    if early.lang:
        set_language(early.lang)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    if not args.command:
        from workstation.ui.app import run_gui  # Qt only when the GUI is wanted

        return run_gui(args)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as exc:  # a damaged file that opened, found out by a later read
        if is_busy(exc):  # a write outside writing() that met another writer for longer than the timeout
            print(str(StoreBusy()), file=sys.stderr)
            return 2
        if "readonly database" in str(exc):  # opened read-only (store.db): a write was refused
            print(str(READ_ONLY), file=sys.stderr)
            return 2
        if "malformed" not in str(exc) and "not a database" not in str(exc):
            raise
        from workstation.paths import default_db_path

        print(str(damaged(default_db_path(getattr(args, "db", None)))), file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print(str(Text("已取消", "cancelled")), file=sys.stderr)
        return 130
