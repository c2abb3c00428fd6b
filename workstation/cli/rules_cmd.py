"""`rules [FILE]`: load a region's rules file, or show the rules in force."""
from __future__ import annotations

import argparse

from workstation.cli.common import open_db, stderr_progress
from workstation.cli.signin import signed_in
from workstation.domain.messages import Text
from workstation.domain.rule_descriptions import description_text

DESCRIPTION = Text(
    """载入地区规则文件（TOML），覆盖默认规则中的相应参数；不带 FILE 时显示现行规则。

规则文件只需写要改的参数，例如：
  [low]
  multiple = "0.4"
  [readmission]
  points_factor = "0.5"
所有参数及其含义见 resources/rules/default.toml。
每个文件都叠加在默认规则上（不叠加在上一次载入的文件上），空文件即恢复默认。
载入记入审计日志，所有结果随即按新规则重算。""",
    """Load a region's rules file (TOML) over the bundled defaults; without FILE, show the rules in force.

A region file holds only what it changes, e.g.:
  [low]
  multiple = "0.4"
  [readmission]
  points_factor = "0.5"
Every parameter is described in resources/rules/default.toml.
Each file is merged over the defaults (not over the previous file): an empty file restores them.
The load is audited and every result is recomputed.""")


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parser = sub.add_parser("rules", help=str(Text("载入或查看倍率与点数规则", "load or show the outlier/points rules")),
                            description=str(DESCRIPTION), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", metavar="FILE", nargs="?",
                        help=str(Text("地区规则文件（.toml）", "region rules file (.toml)")))
    parser.set_defaults(func=run)
    return [parser]


def _with_meanings(toml_text: str) -> str:
    """The rules as TOML, each parameter preceded by its meaning in the current language
    (from domain.rule_descriptions, not from the file's own comments)."""
    from workstation.domain.rules import parse_toml_text
    from workstation.engine.toml_text import dumps

    lines, section = [], ""
    for line in dumps(parse_toml_text(toml_text, "rulesets")).splitlines():
        if line.startswith("["):
            section = line.strip("[]")
            meaning = description_text(section)  # a table that is one parameter (point_value.periods)
        else:
            key = line.partition(" = ")[0].strip('"')
            meaning = description_text(f"{section}.{key}" if section else key) if key else ""
        lines.extend([f"# {meaning}"] if meaning else [])
        lines.append(line)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        if not args.file:
            from workstation.engine.ruleset import current_rules_text

            print(_with_meanings(current_rules_text(db)))
            return 0
        from workstation.services.operations import load_rules

        outcome = load_rules(db, args.file, actor=signed_in(args, db), control=stderr_progress())
        loaded = outcome.result
        print(str(Text("已载入规则：{name}（规则版本 #{id}）", "Rules loaded: {name} (rule set #{id})").format(
            name=loaded.name, id=loaded.ruleset_id)))
        if loaded.changed:
            print(str(Text("改动的参数：", "Changed parameters:")))
            for key, (before, after) in loaded.changed.items():
                print(f"  {key}: {before!r} -> {after!r}")
        else:
            print(str(Text("与现行规则相比没有参数改动。", "No parameter differs from the rules in force.")))
        if outcome.recomputed is not None:
            r = outcome.recomputed
            print(str(Text("已按新规则重算 {cases} 例，用时 {seconds:.1f} 秒。",
                           "Recomputed {cases} cases in {seconds:.1f} s.").format(cases=r.cases, seconds=r.seconds)))
        return 0
    finally:
        db.close()
