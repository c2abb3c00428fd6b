"""`backup`, `backups`, `restore`, `backup-settings`, `doctor` and `demo-store`: keeping a desk's
database safe (services.backups) and making a ready demo store from the command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workstation.cli.common import open_db
from workstation.cli.signin import password, signed_in
from workstation.domain.messages import Text
from workstation.paths import default_db_path
from workstation.services.backups import (
    backup_actor,
    backup_now,
    backup_settings,
    backups_of,
    refusal,
    restore,
    set_backup_settings,
)
from workstation.services.context import Actor, current_actor
from workstation.store.db import StoreError, open_database


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    backup = sub.add_parser("backup", help=str(Text("立即备份数据库（SQLite 在线备份）",
                                                    "back up the database now (SQLite's online backup)")))
    backup.add_argument("--to", metavar="F", help=str(Text("备份到此文件（默认：数据库旁的 backups 文件夹）",
                                                           "write the backup to F (default: backups/ beside the database)")))
    backup.set_defaults(func=run_backup)
    listing = sub.add_parser("backups", help=str(Text("列出备份（最新在前）", "list the backups, newest first")))
    listing.set_defaults(func=run_list)
    back = sub.add_parser("restore", help=str(Text(
        "从备份恢复：先核验备份与其审计链，当前文件改名保留", "restore a backup: checked first (file and audit chain); "
        "the current file is kept aside")))
    back.add_argument("backup", metavar="F")
    back.set_defaults(func=run_restore)
    settings = sub.add_parser("backup-settings", help=str(Text("每日自动备份与保留份数", "daily backup and how many to keep")))
    settings.add_argument("--daily", choices=["on", "off"])
    settings.add_argument("--keep", type=int, metavar="N")
    settings.set_defaults(func=run_settings)
    doctor = sub.add_parser("doctor", help=str(Text("检查数据库：完整性、审计链、备份", "check the database: "
                                                                               "integrity, audit chain, backups")))
    doctor.set_defaults(func=run_doctor)
    demo = sub.add_parser("demo-store", help=str(Text(
        "建立与首次启动相同的演示数据库（含账户与各状态的申报）",
        "make the demo database first start offers (accounts, applications in every status)")))
    demo.add_argument("path", metavar="F.db", help=str(Text("新数据库文件（不能已存在）", "the new database file (must not exist)")))
    demo.add_argument("--cases", type=int, default=3000, help=str(Text("演示病例数（默认 3000）",
                                                                      "how many demo cases (default 3000)")))
    demo.set_defaults(func=run_demo_store)
    return [backup, listing, back, settings, doctor, demo]


def run_backup(args: argparse.Namespace) -> int:
    db = open_db(args)
    target = backup_now(db, signed_in(args, db), args.to)
    print(str(Text("已备份到 {f}", "Backed up to {f}").format(f=target)))
    return 0


def run_list(args: argparse.Namespace) -> int:
    path = default_db_path(getattr(args, "db", None))
    found = backups_of(path)
    if not found:
        print(str(Text("{folder} 中没有备份。", "No backups in {folder}.").format(folder=path.parent / "backups")))
    for b in found:
        print(f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {b.why:<22} {b.size / 1e6:8.1f} MB  {b.path}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    path = default_db_path(getattr(args, "db", None))
    try:  # signed in against the current file when it opens; else against the backup's accounts
        db = open_database(path, create=False)
        try:
            who = signed_in(args, db)
        finally:
            db.close()
    except StoreError:
        who = _backup_actor(args)
    result = restore(path, args.backup, who)
    print(str(Text("已从 {b} 恢复（审计链完整，链头 {h}）。", "Restored from {b} (audit chain intact, head {h}).").format(
        b=result.backup, h=result.head[:16])))
    if result.aside:
        print(str(Text("原文件已改名保留：{f}", "The replaced file is kept as {f}").format(f=result.aside)))
    return 0


def _backup_actor(args: argparse.Namespace) -> Actor:
    name = getattr(args, "user", None) or current_actor(None)
    return backup_actor(args.backup, name, password(Text("{user} 的密码：", "Password for {user}: ").format(user=name)))


def run_settings(args: argparse.Namespace) -> int:
    db = open_db(args)
    if args.daily is not None or args.keep is not None:
        set_backup_settings(db, signed_in(args, db), daily=None if args.daily is None else args.daily == "on",
                            keep=args.keep)
    now = backup_settings(db)
    print(str(Text("每日自动备份：{d}；保留最近 {n} 份", "daily backup: {d}; the newest {n} kept").format(
        d=Text("开", "on") if now.daily else Text("关", "off"), n=now.keep)))
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    from workstation.services.audit_trail import verify

    path = default_db_path(getattr(args, "db", None))
    if not path.is_file():
        raise refusal(Text("找不到数据库：{path}", "database not found: {path}").format(path=path))
    db = open_database(path, create=False, check=True)  # damage: StoreError naming the latest backup
    print(str(Text("文件完整性（quick_check）：正常", "file integrity (quick_check): ok")))
    if getattr(db, "read_only", False):
        print(str(Text("只读打开：文件或其文件夹不可写", "opened read-only: the file or its folder cannot be written")))
    result = verify(db)
    print(str(result.report()))
    found = backups_of(path)
    print(str(Text("最近的备份：{b}", "latest backup: {b}").format(
        b=f"{found[0].path} ({found[0].taken_at:%Y-%m-%d %H:%M})" if found else Text("无", "none"))))
    return 0 if result.intact else 1


def run_demo_store(args: argparse.Namespace) -> int:
    from workstation.cli.common import stderr_progress
    from workstation.demo.bootstrap import create_demo_database

    target = Path(args.path)
    if target.exists():
        raise refusal(Text("{f} 已存在。", "{f} already exists.").format(f=target))
    create_demo_database(target, cases=args.cases, control=stderr_progress())
    print(str(Text("演示数据库：{f}（账户见 README；演示密码 demo1234）",
                   "Demo database: {f} (accounts in the README; the demo password is demo1234)").format(f=target)),
          file=sys.stdout)
    return 0
