"""`import FILE`: import a settlement batch (结算清单批次)."""
from __future__ import annotations

import argparse
from collections import defaultdict

from workstation.cli.common import open_db, stderr_progress
from workstation.cli.signin import signed_in
from workstation.domain.masking import mask_ids_in_text
from workstation.domain.messages import Text, language

DESCRIPTION = Text(
    """导入一个结算清单批次（CSV / TSV / TXT / XLSX）。

编码（UTF-8、带 BOM 的 UTF-8、GB18030/GBK）和分隔符（逗号或制表符）自动识别；表头可以是中文或英文，
顺序任意，表头上方可以有一两行标题。不认识的列原样保存。不合格的行不导入而是隔离，并说明原因；
文件整体无法读取时拒绝导入，数据库保持不变。同一文件重复导入不会产生重复病例。
金额为元，最多两位小数；千分位分隔符只能每三位一个（12,345.60），不接受下划线；全角数字按半角读取。
代码列（性别、离院方式、医疗机构级别、新技术标识）只接受代码表中的值。""",
    """Import one settlement batch (CSV, TSV, TXT or XLSX).

The encoding and delimiter are detected; headers may be Chinese or English in any
order, with title rows above them. Unknown columns are kept. Bad rows are
quarantined with the reason; an unreadable file is refused and the database is
left unchanged. Importing the same file twice creates no duplicate cases.
Amounts are yuan with at most 2 decimals; thousands separators only between
groups of three digits (12,345.60), no underscores; full-width digits are read
as digits. Coded columns (sex, discharge mode, level, new-tech flag) accept only
the code table's values.""")

# The examples' file names, headers and profile names are what a user types, in either language.
EPILOG = Text(
    """示例：
  main.py import 2024年3月结算清单.csv
  main.py import batch.xlsx --period 2024-03
  main.py import hisexport.csv --map "住院流水号=case_id" --map "总金额=total_cost" --save-profile 某医院HIS
  main.py import hisexport.csv --profile 某医院HIS""",
    """examples:
  main.py import 2024年3月结算清单.csv
  main.py import batch.xlsx --period 2024-03
  main.py import hisexport.csv --map "住院流水号=case_id" --map "总金额=total_cost" --save-profile 某医院HIS
  main.py import hisexport.csv --profile 某医院HIS""")

SHOWN_REASONS = 3  # example messages printed per reason code


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parser = sub.add_parser(
        "import", help=str(Text("导入结算清单批次文件", "import a settlement batch file")),
        description=str(DESCRIPTION), epilog=str(EPILOG), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", metavar="FILE",
                        help=str(Text("批次文件（.csv .tsv .txt .xlsx）", "the batch file (.csv .tsv .txt .xlsx)")))
    parser.add_argument("--period", metavar="P",
                        help=str(Text("结算期：2024-03、2024Q1、2024H1 或 2024（默认为最晚出院日期所在月份）",
                                      "settlement period: 2024-03, 2024Q1, 2024H1 or 2024 "
                                      "(default: month of the latest discharge)")))
    parser.add_argument("--profile", metavar="NAME",
                        help=str(Text("使用已保存的列对应方案", "use a saved column-mapping profile")))
    parser.add_argument("--map", metavar=str(Text("源表头=key", "HEADER=key")), action="append", default=[],
                        help=str(Text("指定某列对应的字段，例如 \"住院流水号=case_id\"；可重复；"
                                      "等号右边为空表示作为附加列保留",
                                      "say which field a source column holds, e.g. \"住院流水号=case_id\"; "
                                      "repeatable; an empty key keeps the column as extra data")))
    parser.add_argument("--save-profile", metavar="NAME",
                        help=str(Text("将本次的列对应关系保存为方案 NAME，供下次使用",
                                      "save the column mapping used under NAME for next time")))
    parser.add_argument("--encoding", metavar="ENC",
                        help=str(Text("自动识别有误时指定文件编码，例如 gb18030",
                                      "file encoding when detection is wrong, e.g. gb18030")))
    parser.add_argument("--sheet", metavar=str(Text("名称", "NAME")),
                        help=str(Text("xlsx 工作簿中要读取的工作表（默认：表头最像结算清单的那一张）",
                                      "the worksheet of an .xlsx workbook to read (default: the one whose "
                                      "headers look most like a settlement list)")))
    parser.set_defaults(func=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    from workstation.importer.mapping import parse_map_options, save_profile
    from workstation.services.operations import import_file

    column_map = parse_map_options(args.map)
    db = open_db(args)
    try:
        actor = signed_in(args, db)  # a store with accounts: the signed-in user
        who = actor.name
        outcome = import_file(db, args.file, actor=actor, period=args.period, profile=args.profile,
                              column_map=column_map, encoding=args.encoding, control=stderr_progress(),
                              sheet=args.sheet)
        result = outcome.result
        print(result.summary())
        if result.batch_id is not None and result.rows_quarantined:
            print(_quarantine_digest(db, result))
        if args.save_profile:
            _save(db, args, column_map, result, who, save_profile)
        return 0
    finally:
        db.close()


def _quarantine_digest(db, result) -> str:
    en = language() == "en"  # picks the stored column; the reasons are stored in both languages
    examples: dict[str, list[str]] = defaultdict(list)
    for code in result.reasons:
        for zh, english in db.execute(
                "SELECT reason, reason_en FROM quarantine WHERE batch_id = ? AND reason_code = ?"
                " ORDER BY source_row LIMIT ?", (result.batch_id, code, SHOWN_REASONS)):
            # Masked again here: a batch imported by an earlier version stored its cells unmasked.
            examples[code].append(mask_ids_in_text(english if en else zh))
    lines = [str(Text("隔离的行（按原因）：", "Quarantined rows by reason:"))]
    for code, count in sorted(result.reasons.items(), key=lambda item: -item[1]):
        lines.append(f"  {code}: {count}")
        lines.extend(f"    - {text}" for text in examples.get(code, []))
    lines.append(str(Text("可在工作站的批次页面查看全部隔离行。", "See them with the workstation's batch view.")))
    return "\n".join(lines)


def _save(db, args, column_map, result, who, save_profile) -> None:
    from workstation.importer.mapping import load_profile

    mapping = dict(load_profile(db, args.profile)) if args.profile else {}
    mapping.update(column_map)
    if not mapping:
        from workstation.importer.service import inspect_file

        mapping = inspect_file(args.file, encoding=args.encoding, sheet=args.sheet).mapping
    save_profile(db, args.save_profile, mapping, actor=who)
    print(str(Text("列对应关系已保存为导入方案“{name}”。", "Column mapping saved as profile \"{name}\".").format(
        name=args.save_profile)))
