"""The expected results of a set of cases, computed one case at a time with the scalar
domain rules (workstation.domain.outliers / points): what the vectorised engine must equal."""
from __future__ import annotations

from datetime import date
from fractions import Fraction

from workstation.domain.outliers import (
    Benchmark,
    CaseFacts,
    Stay,
    case_flags,
    is_ungrouped_code,
    readmissions,
    sex_codes,
    split_codes,
)
from workstation.domain.points import (
    estimated_payment_fen,
    exact_points,
    payment_basis,
    point_value_yuan,
    round_half_up,
)
from workstation.domain.rules import Rules
from workstation.engine.benchmarks import (
    case_benchmark,
    group_benchmark,
    group_table,
    insurance_kind,
    overall_avg_cost_fen,
)

NO_BENCHMARK = Benchmark(None, "none", 0, None, None)


def expected_results(cases: list[dict], groups: list[dict] | None, hospitals: dict[str, dict],
                     rules: Rules) -> dict[int, dict]:
    """``cases``: rows of the cases table (with ``id``); ``groups``: rows of the current group
    table or None; ``hospitals``: code -> {coefficient, hospital_level}."""
    table = group_table(groups) if groups is not None else None
    codes = frozenset(table) if table is not None else None
    norm = {c["id"]: (c["drg_code"] or "").strip().upper() for c in cases}
    ungrouped = {c["id"]: is_ungrouped_code(c["drg_code"], rules, codes) for c in cases}
    later, prior = readmissions([
        Stay(c["id"], c["patient_id"], c["hospital_code"], None if ungrouped[c["id"]] else norm[c["id"]],
             date.fromisoformat(c["admit_date"]), date.fromisoformat(c["discharge_date"])) for c in cases],
        rules.readmit_window_days)
    overall: dict[str, int] = {}
    for period in {c["period"] for c in cases}:
        costs = [c["total_cost_fen"] for c in cases if c["period"] == period]
        overall[period] = overall_avg_cost_fen(rules, sum(costs), len(costs))[0]
    benches: dict[tuple[str, str], Benchmark] = {}
    for c in cases:
        if not ungrouped[c["id"]]:
            key = (c["period"], norm[c["id"]])
            benches.setdefault(key, None)
    for period, code in benches:
        costs = [c["total_cost_fen"] for c in cases
                 if c["period"] == period and norm[c["id"]] == code and not ungrouped[c["id"]]]
        benches[(period, code)] = group_benchmark(code, len(costs), sum(costs), table or {}, overall[period])
    results = {}
    for c in cases:
        hospital = hospitals.get(c["hospital_code"], {})
        coefficient = Fraction(hospital.get("coefficient", "1")) if hospital else Fraction(1)
        level = hospital.get("hospital_level") or c.get("hospital_level")
        level = level if level in (1, 2, 3) else None
        bench = NO_BENCHMARK if ungrouped[c["id"]] else benches[(c["period"], norm[c["id"]])]
        if not ungrouped[c["id"]]:  # the standard and coefficient of the case's level and insurance type
            bench, own = case_benchmark(bench, (table or {}).get(norm[c["id"]]), level,
                                        insurance_kind(c.get("insurance_type")), rules)
            coefficient = own if own is not None else coefficient
        fees = tuple(c.get(f"{k}_fen") for k in (
            "fee_bed", "fee_consult", "fee_exam", "fee_lab", "fee_treatment", "fee_surgery", "fee_nursing",
            "fee_material", "fee_western", "fee_herbal", "fee_patent", "fee_general", "fee_registration",
            "fee_other"))
        facts = CaseFacts(
            total_cost_fen=c["total_cost_fen"], los=c["los"], discharge_mode=c["discharge_mode"],
            drg_code=c["drg_code"], sex=c["sex"],
            dx_codes=split_codes(c["main_dx"]) + split_codes(c.get("other_dx")),
            proc_codes=split_codes(c.get("main_proc")) + split_codes(c.get("other_proc")),
            fees_fen=fees, new_tech=c.get("new_tech") == 1, hospital_level=level, coefficient=coefficient,
            readmit=c["id"] in later, readmit_prior=c["id"] in prior)
        flags, multiple = case_flags(facts, bench, rules, ungrouped[c["id"]], sex_codes())
        basis = payment_basis(flags, bench, rules)
        points = exact_points(basis, c["total_cost_fen"], bench, coefficient, rules, overall[c["period"]],
                              multiple[0] if multiple else None, readmit_prior=facts.readmit_prior)
        rounded = round_half_up(points, rules.points_decimals)
        value, _ = point_value_yuan(rules, c["period"], overall[c["period"]])
        results[c["id"]] = {
            "flags": int(flags), "payment_basis": basis, "points": float(rounded),
            "estimated_payment_fen": estimated_payment_fen(rounded, value),
            "avg_cost_fen": bench.avg_cost_fen, "benchmark_source": bench.source, "benchmark_n": bench.n,
        }
    return results
