"""Any group table the loader accepts comes back the same through the reference view's export:
standards (exact text), per-level standards and coefficients, attributes, odd rows, notes."""
from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workstation.reference.groups import load_group_table
from workstation.services.reference import current_groups
from workstation.services.reference_export import export_groups_csv
from workstation.store.db import open_memory

LEVEL_COLUMNS = ["一级医院支付标准", "二级医院支付标准（职工）", "二级医院支付标准（居民）", "支付标准（三级）",
                 "二级医院系数", "三级医院系数"]
ATTRIBUTE_COLUMNS = ["基础病组", "稳定组", "中医优势病组", "单议病组"]


def decimal_text(highest: str):
    """Exact decimals up to the bound domain/bounds.py sets for the column (beyond it a row is refused)."""
    return st.decimals("0", highest, places=4, allow_nan=False, allow_infinity=False).map(str)


STANDARD, WEIGHT, COEFFICIENT = decimal_text("999999"), decimal_text("1000"), decimal_text("10")
rows = st.fixed_dictionaries({
    "name": st.sampled_from(["肾移植", "胃肠道出血（≥65岁）", "乙※", "未入组", "呼吸系统感染，伴并发症"]),
    "marked": st.booleans(),  # a ※ after the code
    "weight": st.one_of(st.just(""), st.just("0"), WEIGHT, st.just("按项目据实支付")),
    "standard": st.one_of(st.just(""), st.just("0"), STANDARD, st.just("按项目付费")),
    "levels": st.tuples(*(st.one_of(st.just(""), COEFFICIENT if column.endswith("系数") else STANDARD)
                          for column in LEVEL_COLUMNS)).map(list),
    "attributes": st.lists(st.sampled_from(["是", "否", ""]), min_size=4, max_size=4),
    "remark": st.sampled_from(["", "参照执行", "中医优势病组"]),
})


_BLANK_ROW = {"name": "肾移植", "marked": False, "weight": "", "standard": "", "levels": [""] * len(LEVEL_COLUMNS),
              "attributes": ["是"] * 4, "remark": ""}


@example(  # a note beside a standard that rounds to 0 fen (0.0001) but is not 0: still paid by item
    table=[_BLANK_ROW, _BLANK_ROW, _BLANK_ROW | {"weight": "按项目据实支付", "standard": "0.0001"}],
    columns=set(), attributes=set(), with_standard=True, encoding="utf-8")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=st.lists(rows, min_size=1, max_size=8), columns=st.sets(st.sampled_from(LEVEL_COLUMNS)),
       attributes=st.sets(st.sampled_from(ATTRIBUTE_COLUMNS)), with_standard=st.booleans(),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_an_accepted_table_round_trips_through_the_export(table, columns, attributes, with_standard, encoding):
    level_columns = [c for c in LEVEL_COLUMNS if c in columns]
    attribute_columns = [c for c in ATTRIBUTE_COLUMNS if c in attributes]
    headers = ["DRG编码", "DRG名称", "RW"] + (["支付标准"] if with_standard else []) + level_columns \
        + attribute_columns + ["备注"]
    with tempfile.TemporaryDirectory() as folder:
        source, exported = Path(folder) / "source.csv", Path(folder) / "exported.csv"
        with source.open("w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            for i, row in enumerate(table):
                code = "0" if row["name"] == "未入组" and i == 0 else f"G{i:02d}{'※' if row['marked'] else ''}"
                writer.writerow([code, row["name"], row["weight"]] + ([row["standard"]] if with_standard else [])
                                + [row["levels"][LEVEL_COLUMNS.index(c)] for c in level_columns]
                                + [row["attributes"][ATTRIBUTE_COLUMNS.index(c)] for c in attribute_columns]
                                + [row["remark"]])
        first = open_memory()
        accepted = load_group_table(first, source, actor="t")
        assert accepted.rows_rejected == 0, [str(r) for r in accepted.rejected]
        assert export_groups_csv(first, exported) == len(table)
        second = open_memory()
        again = load_group_table(second, exported, actor="t")
        assert again.rows_rejected == 0, [str(r) for r in again.rejected]
        assert _comparable(current_groups(second)) == _comparable(current_groups(first))


def _comparable(groups: list[dict]) -> list[tuple]:
    """What a group means, without where it came from (file column names, the version)."""
    def standards(text):
        return [(s["level"], s["insurance"], s["fen"], s["text"]) for s in json.loads(text or "[]")]

    def coefficients(text):
        return [(c["level"], c["value"]) for c in json.loads(text or "[]")]

    return [(g["drg_code"], g["drg_name"], g["weight"], g["base_points"], g["avg_cost_fen"], g["avg_cost_text"], g["avg_los"],
             g["payable_by_drg"], g["note"], standards(g["level_standards"]), coefficients(g["level_coefficients"]),
             g["base_group"], g["stability"], g["tcm_advantage"], g["single_review"], g["row_state"])
            for g in groups]
