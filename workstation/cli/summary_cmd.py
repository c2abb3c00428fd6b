"""`summary [--period P]`: the per-hospital table of cases, flags, points and payment."""
from __future__ import annotations

import argparse

from workstation.cli.batches_cmd import format_table
from workstation.cli.common import open_db
from workstation.domain.messages import Text, UserError
from workstation.domain.money import fen_to_yuan_text
from workstation.domain.periods import PeriodError, normalise_period

SHOWN_FLAGS = ("HIGH", "LOW", "LONG_STAY", "INCOMPLETE", "UNGROUPED", "SMALL_GROUP", "NEW_TECH",
               "READMIT", "SEX_CONFLICT", "FEE_MISMATCH")
HEADER = [Text("结算期", "period"), Text("机构编码", "hospital"), Text("机构名称", "name"), Text("病例", "cases"),
          Text("有标记", "flagged"), Text("高倍率", "HIGH"), Text("低倍率", "LOW"), Text("超长", "LONG"),
          Text("不完整", "INCOMPL"), Text("未入组", "UNGRP"), Text("少例", "SMALL"), Text("新技术", "NEWTECH"),
          Text("再入院", "READMIT"), Text("性别", "SEX"), Text("费用", "FEE"), Text("CMI", "CMI"),
          Text("总点数", "points"), Text("预估支付(元)", "est. payment"), Text("实际费用(元)", "actual cost"),
          Text("结算率", "ratio"), Text("特例额度", "quota"), Text("已用", "used"), Text("已决定", "decided"),
          Text("决定后点数", "points after"), Text("决定后支付(元)", "payment after")]

_SOURCES = {
    "rules.period": Text("规则文件中该期点值", "the rules' value for the period"),
    "rules.default": Text("规则文件默认点值", "the rules' default"),
    "overall_avg_cost/100": Text("未设点值，按全部病例次均费用 ÷ 100", "not set: overall average cost / 100"),
}


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    parser = sub.add_parser(
        "summary", help=str(Text("按机构汇总标记、点数和支付", "per-hospital summary of flags, points and payment")),
        description=str(Text(
            "每个结算期、每家医疗机构一行：病例数、各类标记病例数、CMI、总点数、\n"
            "预估支付（点数×点值）、实际费用、结算率（DRG 支付 / DRG 病例实际费用）、\n"
            "特例单议额度及已用数、已签发决定的病例数，以及按已签发决定调整后的总点数和预估支付。",
            "One row per period and hospital: cases, flagged cases by type, CMI, total points,\n"
            "estimated payment (points x point value), actual cost, settlement ratio\n"
            "(DRG payment / cost of DRG cases), special-case quota and how much is used, cases with a\n"
            "signed decision, and total points and payment after those decisions.")),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--period", metavar="P",
                        help=str(Text("只看该结算期，例如 2024-03", "only this period, e.g. 2024-03")))
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
        rows = hospital_summary(db, period_argument(args.period))
        if not rows:
            print(str(Text("尚无结果：请先导入结算清单批次。", "No results yet: import a batch first.")))
            return 0
        table = [[str(h) for h in HEADER]]
        for r in rows:
            ratio = r.settlement_ratio
            table.append([
                r.period, r.hospital_code, r.hospital_name, str(r.cases), str(r.flagged_cases),
                *(str(r.flag_counts.get(code, 0)) for code in SHOWN_FLAGS),
                "" if r.cmi is None else f"{r.cmi:.4f}", f"{r.total_points:.4f}",
                fen_to_yuan_text(r.estimated_payment_fen, thousands=True),
                fen_to_yuan_text(r.actual_cost_fen, thousands=True),
                "" if ratio is None else f"{float(ratio) * 100:.2f}%",
                str(r.special_case_quota), str(r.special_case_used), str(r.decided_cases),
                f"{r.points_after:.4f}", fen_to_yuan_text(r.payment_after_fen, thousands=True)])
        total = [str(Text("合计", "total")), "", "", str(sum(r.cases for r in rows)),
                 str(sum(r.flagged_cases for r in rows)),
                 *(str(sum(r.flag_counts.get(code, 0) for r in rows)) for code in SHOWN_FLAGS), "",
                 f"{sum(r.total_points for r in rows):.4f}",
                 fen_to_yuan_text(sum(r.estimated_payment_fen for r in rows), thousands=True),
                 fen_to_yuan_text(sum(r.actual_cost_fen for r in rows), thousands=True), "",
                 str(sum(r.special_case_quota for r in rows)), str(sum(r.special_case_used for r in rows)),
                 str(sum(r.decided_cases for r in rows)), f"{sum(r.points_after for r in rows):.4f}",
                 fen_to_yuan_text(sum(r.payment_after_fen for r in rows), thousands=True)]
        table.append(total)
        print(format_table(table))
        for value in period_point_values(db, period_argument(args.period)):
            print(str(Text("点值 {period}：{yuan} 元/点（{source}）；全部病例次均费用 {avg} 元",
                           "Point value {period}: {yuan} yuan/point ({source}); overall average cost {avg} yuan")
                      .format(period=value.period, yuan=f"{float(value.point_value_yuan):.4f}",
                              source=_SOURCES[value.point_value_source],
                              avg=fen_to_yuan_text(value.overall_avg_cost_fen, thousands=True))))
        return 0
    finally:
        db.close()
