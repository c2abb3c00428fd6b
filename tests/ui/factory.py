"""Synthetic review-desk data written straight into cases + case_results.

Used by the queue/detail/chart tests and by bench/ui.py (1,000,000 cases), so
it is vectorised with numpy and inserts with raw ``executemany``: sqlite-utils'
per-row dict handling would take minutes for a million rows. The numbers follow
the domain rules (HIGH ≥ k × avg, LOW ≤ 0.3 × avg, LONG_STAY ≥ 60 days) so the
screens show plausible flags, but the real engine is not involved.
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from sqlite_utils import Database

from workstation.engine.store_results import variant_ids
from workstation.services.queue.flags import flag_catalog

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
DRG_NAMES = ["急性心肌梗死", "脑梗死", "肺炎", "慢性阻塞性肺病", "髋关节置换", "阑尾切除术",
             "剖宫产", "糖尿病", "胃肠出血", "白内障手术", "冠状动脉支架植入", "胆囊切除术"]


def _bits() -> dict[str, int]:
    return {f.code: f.bit for f in flag_catalog()}


def build_review_database(db: Database, cases: int = 500, *, seed: int = 7,
                          periods: tuple[str, ...] = ("2024-03",), hospitals: int = 6,
                          groups: int = 12, chunk: int = 100_000) -> None:
    """Fill an empty, migrated database with ``cases`` synthetic reviewed cases."""
    rng = np.random.default_rng(seed)
    conn = db.conn
    bits = _bits()
    now = "2024-04-01T00:00:00+00:00"
    with conn:
        conn.execute("INSERT INTO reference_versions (id, kind, source, loaded_at, loaded_by, rows, is_current)"
                     " VALUES (1, 'groups', 'test factory', ?, 'factory', ?, 1)", (now, groups))
        conn.execute("INSERT INTO reference_versions (id, kind, source, loaded_at, loaded_by, rows, is_current)"
                     " VALUES (2, 'hospitals', 'test factory', ?, 'factory', ?, 1)", (now, hospitals))
        drg_codes = [f"{chr(65 + (i // 26) % 26)}{chr(65 + i % 26)}{11 + (i // 676) % 89:02d}" for i in range(groups)]
        avg_costs = rng.integers(500_000, 8_000_000, groups)  # fen: 5,000 .. 80,000 yuan
        weights = np.round(avg_costs / avg_costs.mean(), 4)
        for i, code in enumerate(drg_codes):
            conn.execute("INSERT INTO drg_groups (version_id, drg_code, drg_name, weight, base_points,"
                         " avg_cost_fen, payable_by_drg) VALUES (1, ?, ?, ?, NULL, ?, 1)",
                         (code, DRG_NAMES[i % len(DRG_NAMES)] + ("" if i < len(DRG_NAMES) else f"（{i}）"),
                          str(weights[i]), int(avg_costs[i])))
        hospital_codes = [f"H{i + 1:03d}" for i in range(hospitals)]
        hospital_names = [f"第{i + 1}人民医院" for i in range(hospitals)]
        for code, name in zip(hospital_codes, hospital_names):
            conn.execute("INSERT INTO hospitals (version_id, hospital_code, hospital_name, hospital_level,"
                         " coefficient) VALUES (2, ?, ?, 3, '1.0')", (code, name))
        per_period = -(-cases // len(periods))
        pk = 0
        for b, period in enumerate(periods, start=1):
            n_here = min(per_period, cases - pk)
            conn.execute("INSERT INTO batches (id, file_name, file_sha256, period, imported_at, imported_by,"
                         " rows_read, rows_imported, rows_quarantined, first_case_pk, last_case_pk)"
                         " VALUES (?, ?, ?, ?, ?, 'factory', ?, ?, 0, ?, ?)",
                         (b, f"{period}.csv", f"{b:064d}", period, now, n_here, n_here, pk + 1, pk + n_here))
            start = 0
            while start < n_here:
                n = min(chunk, n_here - start)
                _insert_chunk(conn, rng, bits, b, period, pk, n, drg_codes, avg_costs, weights,
                              hospital_codes, hospital_names)
                pk += n
                start += n
        # What the recompute keeps beside the results: the codes present per period (filter lists).
        for kind, column in (("hospital", "hospital_code"), ("drg", "drg_code")):
            conn.execute(f"INSERT INTO period_codes SELECT DISTINCT period, '{kind}', {column} FROM case_results"
                         f" WHERE {column} > ''")
        # ... and the number of results per period, hospital and flag set (the queue's counts).
        conn.execute("DELETE FROM result_counts_detail")
        conn.execute("INSERT INTO result_counts_detail SELECT period, hospital_code, flags, COUNT(*)"
                     " FROM case_results GROUP BY 1, 2, 3")


def _insert_chunk(conn, rng, bits, batch_id, period, pk0, n, drg_codes, avg_costs, weights,
                  hospital_codes, hospital_names):
    year, month = int(period[:4]), int(period[5:7]) if "-" in period else 3
    pks = np.arange(pk0 + 1, pk0 + n + 1)
    g = rng.integers(0, len(drg_codes), n)
    h = rng.integers(0, len(hospital_codes), n)
    avg = avg_costs[g]
    ratio = rng.lognormal(0.0, 0.45, n)
    spike = rng.random(n)
    ratio = np.where(spike < 0.03, ratio * 3.2, np.where(spike > 0.97, ratio * 0.2, ratio))
    total = np.maximum((avg * ratio).astype(np.int64), 10_000)
    los = np.clip(rng.gamma(2.0, 4.5, n).astype(np.int64) + 1, 1, 120)
    los = np.where(rng.random(n) < 0.005, rng.integers(60, 90, n), los)
    mode = rng.choice([1, 2, 4, 5], n, p=[0.94, 0.03, 0.02, 0.01])
    high_k = np.where(weights[g] * 100 <= 100, 3.0, np.where(weights[g] * 100 <= 300, 2.0, 1.5))
    high_thr = (avg * high_k).astype(np.int64)
    low_thr = (avg * 3) // 10
    flags = np.zeros(n, dtype=np.int64)
    flags |= np.where(total >= high_thr, bits["HIGH"], 0)
    flags |= np.where(total <= low_thr, bits["LOW"], 0)
    flags |= np.where(los >= 60, bits["LONG_STAY"], 0)
    flags |= np.where(np.isin(mode, [2, 4, 5]), bits["INCOMPLETE"], 0)
    flags |= np.where(rng.random(n) < 0.01, bits["NEW_TECH"], 0)
    order = [f.code for f in flag_catalog()]
    base = weights[g] * 100
    points = np.where(flags & bits["HIGH"], base + (total / avg - high_k) * base,
                      np.where(flags & (bits["LOW"] | bits["INCOMPLETE"]), np.minimum(base * total / avg, base), base))
    payment = (points * 9_000).astype(np.int64)  # point value 90 yuan
    day0 = date(year, month, 1).toordinal()
    discharge = [date.fromordinal(day0 + int(d)).isoformat() for d in rng.integers(0, 28, n)]
    sexes = rng.integers(1, 3, n)
    ages = rng.integers(0, 95, n)
    s_idx = rng.integers(0, len(SURNAMES), n)
    g1 = rng.integers(0, len(GIVEN), n)
    g2 = rng.integers(0, len(GIVEN), n)
    two = rng.random(n) < 0.6
    fee_share = rng.dirichlet(np.ones(14), n)
    fees = (fee_share * total[:, None]).astype(np.int64)
    fees[:, -1] += total - fees.sum(axis=1)  # fee_other takes the rounding so categories add up
    case_rows = []
    result_rows = []
    variants = []
    for i in range(n):
        p = int(pks[i])
        gi, hi = int(g[i]), int(h[i])
        case_id = f"ZY{period.replace('-', '')}{p:08d}"
        patient_id = f"P{(p * 7919) % 10_000_000:08d}"
        name = SURNAMES[s_idx[i]] + GIVEN[g1[i]] + (GIVEN[g2[i]] if two[i] else "")
        d_out = discharge[i]
        d_in = (date.fromisoformat(d_out) - timedelta(days=int(los[i]))).isoformat()
        idn = f"3301{(p * 37) % 100:02d}19{50 + int(ages[i]) % 50:02d}0101{p % 10_000:04d}"
        case_rows.append((p, batch_id, period, i + 2, case_id, hospital_codes[hi], hospital_names[hi], 3,
                          patient_id, name, idn, int(sexes[i]), int(ages[i]), "310", d_in, d_out, int(los[i]),
                          int(mode[i]), "内科", "I21.000x001", "急性心肌梗死", "E11.900;I10.x00", "36.0600x001",
                          "", drg_codes[gi], None, int(total[i]), *map(int, fees[i]),
                          int(fees[i, 7] // 2), int(total[i] * 0.7), int(bool(flags[i] & bits["NEW_TECH"])), d_out))
        fl = int(flags[i])
        variants.append((int(avg[i]), "table", None, float(weights[gi]), float(base[i]), 1.0, str(high_k[i]),
                         int(high_thr[i]), int(low_thr[i]),
                         "HIGH" if fl & bits["HIGH"] else "LOW" if fl & bits["LOW"] else "NORMAL", fl,
                         ";".join(c for c in order if fl & bits[c])))  # in VARIANT_COLUMNS order
        result_rows.append([p, period, hospital_codes[hi], drg_codes[gi], case_id, patient_id, d_out, int(los[i]),
                            int(total[i]), None, int(avg[i]), float(total[i] / avg[i]), fl,
                            round(float(points[i]), 4), int(payment[i])])
    for row, variant_id in zip(result_rows, variant_ids(conn, variants)):  # as the recompute stores them
        row[9] = variant_id
    case_cols = ("id, batch_id, period, source_row, case_id, hospital_code, hospital_name, hospital_level,"
                 " patient_id, patient_name, id_number, sex, age, insurance_type, admit_date, discharge_date, los,"
                 " discharge_mode, dept, main_dx, main_dx_name, other_dx, main_proc, other_proc, drg_code, drg_name,"
                 " total_cost_fen, fee_bed_fen, fee_consult_fen, fee_exam_fen, fee_lab_fen, fee_treatment_fen,"
                 " fee_surgery_fen, fee_nursing_fen, fee_material_fen, fee_western_fen, fee_herbal_fen,"
                 " fee_patent_fen, fee_general_fen, fee_registration_fen, fee_other_fen, fee_high_value_fen,"
                 " fund_paid_fen, new_tech, settle_date")
    conn.executemany(f"INSERT INTO cases ({case_cols}) VALUES ({','.join('?' * 45)})", case_rows)
    result_cols = ("case_pk, period, hospital_code, drg_code, case_id, patient_id, discharge_date, los,"
                   " total_cost_fen, variant_id, avg_cost_fen, cost_ratio, flags, points, estimated_payment_fen")
    conn.executemany(f"INSERT INTO case_results ({result_cols}) VALUES ({','.join('?' * 15)})", result_rows)
