"""`audit verify`: checks the whole audit chain; `audit history`: one application's events."""
from __future__ import annotations

import argparse
import json

from workstation.cli.common import open_db
from workstation.domain.messages import Text
from workstation.services.audit_trail import history, verify


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parser = sub.add_parser("audit", help=str(Text("审计日志：核验与查询", "the audit log: verify and read")))
    commands = parser.add_subparsers(dest="audit_command", metavar="verify|history", required=True)
    check = commands.add_parser("verify", help=str(Text(
        "核验整条审计链；被改动时以非零状态退出并指出第一处问题", "check the whole audit chain; exits non-zero naming "
        "the first broken event")))
    check.add_argument("--head", metavar="HASH", help=str(Text(
        "先前记下的链头哈希：不在链中说明链尾被删除", "a head hash written down earlier: missing means a cut tail")))
    check.set_defaults(func=run_verify)
    events = commands.add_parser("history", help=str(Text("一件特例单议申报的全部事件",
                                                          "every event of one special-case application")))
    events.add_argument("application", type=int)
    events.set_defaults(func=run_history)
    return [parser, check, events]


def run_verify(args: argparse.Namespace) -> int:
    result = verify(open_db(args), args.head)
    print(str(result.report()))
    return 0 if result.intact else 1


def run_history(args: argparse.Namespace) -> int:
    for event in history(open_db(args), "application", args.application):
        after = json.dumps(event["after"], ensure_ascii=False) if event["after"] else ""
        print(f"{event['id']:>6}  {event['at'][:19].replace('T', ' ')}  {event['actor']:<12} {event['action']:<18} "
              f"{after}")
    return 0
