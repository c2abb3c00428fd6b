"""`summary [--period P]`: the per-hospital table of cases, flags, points and payment."""
from __future__ import annotations

import argparse

from workstation.cli.batches_cmd import format_table
from workstation.cli.common import open_db
from workstation.domain.messages import UserError, language
from workstation.domain.money import fen_to_yuan_text
from workstation.domain.periods import PeriodError, normalise_period

SHOWN_FLAGS = ("HIGH", "LOW", "LONG_STAY", "INCOMPLETE", "UNGROUPED", "SMALL_GROUP", "NEW_TECH",
               "READMIT", "SEX_CONFLICT", "FEE_MISMATCH")
ZH_HEADER = ["结算期", "机构编码", "机构名称", "病例", "有标记", "高倍率", "低倍率", "超长", "不完整", "未入组",
             "少例", "新技术", "再入院", "性别", "费用", "CMI", "总点数", "预估支付(元)", "实际费用(元)",
             "结算率", "特例额度", "已用"]
EN_HEADER = ["period", "hospital", "name", "cases", "flagged", "HIGH", "LOW", "LONG", "INCOMPL", "UNGRP",
             "SMALL", "NEWTECH", "READMIT", "SEX", "FEE", "CMI", "points", "est. payment", "actual cost",
             "ratio", "quota", "used"]

_SOURCES = {
    "rules.period": ("规则文件中该期点值", "the rules' value for the period"),
    "rules.default": ("规则文件默认点值", "the rules' default"),
    "overall_avg_cost/100": ("未设点值，按全部病例次均费用 ÷ 100", "not set: overall average cost / 100"),
}


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parser = sub.add_parser(
        "summary", help="per-hospital summary of flags, points and payment / 按机构汇总",
        description="每个结算期、每家医疗机构一行：病例数、各类标记病例数、CMI、总点数、预估支付（点数×点值）、"
                    "实际费用、结算率（DRG 支付 / DRG 病例实际费用）、特例单议额度及已用数。\n"
                    "One row per period and hospital: cases, flagged cases by type, CMI, total points, "
                    "estimated payment (points x point value), actual cost, settlement ratio "
                    "(DRG payment / cost of DRG cases), special-case quota and how much is used.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--period", metavar="P", help="only this period, e.g. 2024-03 / 只看该结算期")
    parser.set_defaults(func=run)
    return [parser]


def period_argument(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return normalise_period(text)
    except PeriodError:
        raise UserError(f"结算期“{text}”无法识别，请写作 2024-03、2024Q1、2024H1 或 2024。",
                        f"Period '{text}' is not understood; write 2024-03, 2024Q1, 2024H1 or 2024.") from None


def run(args: argparse.Namespace) -> int:
    from workstation.engine.summary import hospital_summary, period_point_values

    db = open_db(args)
    try:
        en = language() == "en"
        rows = hospital_summary(db, period_argument(args.period))
        if not rows:
            print("No results yet: import a batch first." if en else "尚无结果：请先导入结算清单批次。")
            return 0
        table = [EN_HEADER if en else ZH_HEADER]
        for r in rows:
            ratio = r.settlement_ratio
            table.append([
                r.period, r.hospital_code, r.hospital_name, str(r.cases), str(r.flagged_cases),
                *(str(r.flag_counts.get(code, 0)) for code in SHOWN_FLAGS),
                "" if r.cmi is None else f"{r.cmi:.4f}", f"{r.total_points:.4f}",
                fen_to_yuan_text(r.estimated_payment_fen, thousands=True),
                fen_to_yuan_text(r.actual_cost_fen, thousands=True),
                "" if ratio is None else f"{float(ratio) * 100:.2f}%",
                str(r.special_case_quota), str(r.special_case_used)])
        total = [("total" if en else "合计"), "", "", str(sum(r.cases for r in rows)),
                 str(sum(r.flagged_cases for r in rows)),
                 *(str(sum(r.flag_counts.get(code, 0) for r in rows)) for code in SHOWN_FLAGS), "",
                 f"{sum(r.total_points for r in rows):.4f}",
                 fen_to_yuan_text(sum(r.estimated_payment_fen for r in rows), thousands=True),
                 fen_to_yuan_text(sum(r.actual_cost_fen for r in rows), thousands=True), "",
                 str(sum(r.special_case_quota for r in rows)), str(sum(r.special_case_used for r in rows))]
        table.append(total)
        print(format_table(table))
        for value in period_point_values(db, period_argument(args.period)):
            source = _SOURCES[value.point_value_source][1 if en else 0]
            yuan = f"{float(value.point_value_yuan):.4f}"
            print(f"Point value {value.period}: {yuan} yuan/point ({source}); overall average cost "
                  f"{fen_to_yuan_text(value.overall_avg_cost_fen, thousands=True)} yuan" if en else
                  f"点值 {value.period}：{yuan} 元/点（{source}）；全部病例次均费用 "
                  f"{fen_to_yuan_text(value.overall_avg_cost_fen, thousands=True)} 元")
        return 0
    finally:
        db.close()
