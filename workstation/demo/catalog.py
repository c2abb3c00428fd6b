"""What the demo draws from: the payable groups of the default table, a fictional
city's hospitals, and plausible diagnosis / procedure codes per MDC.

Everything here is fixed (not drawn from the user's seed), so two demo databases
built with different seeds still share the same hospitals and group mix.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from workstation.domain.money import parse_yuan_to_fen
from workstation.paths import resource
from workstation.reference.bundled import default_groups_path

# The second letter of a CHS-DRG code tells the kind of ADRG: A-J surgery in the
# operating room, K-Q procedures outside it, R-Z medical treatment.
SURGICAL_LETTERS = frozenset("ABCDEFGHIJ")
OPERATION_LETTERS = frozenset("KLMNOPQ")

DEPARTMENTS = {  # MDC -> (medical ward, surgical ward)
    "A": ("重症医学科", "器官移植科"), "B": ("神经内科", "神经外科"), "C": ("眼科", "眼科"),
    "D": ("耳鼻咽喉科", "耳鼻咽喉科"), "E": ("呼吸与危重症医学科", "胸外科"),
    "F": ("心血管内科", "心血管外科"), "G": ("消化内科", "胃肠外科"), "H": ("消化内科", "肝胆外科"),
    "I": ("风湿免疫科", "骨科"), "J": ("皮肤科", "乳腺外科"), "K": ("内分泌科", "甲状腺外科"),
    "L": ("肾内科", "泌尿外科"), "M": ("泌尿外科", "泌尿外科"), "N": ("妇科", "妇科"),
    "O": ("产科", "产科"), "P": ("新生儿科", "新生儿科"), "Q": ("血液科", "普外科"),
    "R": ("肿瘤科", "肿瘤外科"), "S": ("感染科", "普外科"), "T": ("精神科", "精神科"),
    "U": ("精神科", "精神科"), "V": ("急诊科", "急诊外科"), "W": ("烧伤科", "烧伤科"),
    "X": ("全科医学科", "普外科"), "Y": ("感染科", "感染科"), "Z": ("创伤中心", "创伤外科"),
}

# Fictional hospitals of a fictional city (云川市): (name, level). Codes are built
# with the unassigned region 99 so they can never be a real institution's.
HOSPITALS: tuple[tuple[str, int], ...] = (
    ("云川市第一人民医院", 3), ("云川市第二人民医院", 3), ("云川市中心医院", 3),
    ("云川市中医院", 3), ("云川医科大学附属医院", 3), ("云川市妇幼保健院", 3),
    ("云川市肿瘤医院", 3), ("云川市第三人民医院", 3),
    ("云川市东城区人民医院", 2), ("云川市西城区人民医院", 2), ("云川市南湖区人民医院", 2),
    ("云川市北山区人民医院", 2), ("临溪县人民医院", 2), ("临溪县中医院", 2),
    ("青石县人民医院", 2), ("青石县中医院", 2), ("白河县人民医院", 2), ("白河县中医院", 2),
    ("云川市第四人民医院", 2), ("云川市骨科医院", 2),
    ("云川市东城区东门社区卫生服务中心", 1), ("云川市南湖区湖滨社区卫生服务中心", 1),
    ("云川市北山区北山街道社区卫生服务中心", 1), ("云川市康复医院", 1),
    ("临溪县城关镇卫生院", 1), ("临溪县桃源乡卫生院", 1), ("青石县石桥镇卫生院", 1),
    ("青石县青石镇中心卫生院", 1), ("白河县白河镇中心卫生院", 1), ("白河县柳林镇卫生院", 1),
)
LEVEL_TEXT = {3: "三级", 2: "二级", 1: "一级"}
# Coefficient ranges per level, in thousandths, and relative case volume.
_COEFFICIENT_RANGE = {3: (1000, 1150), 2: (850, 950), 1: (750, 850)}
_VOLUME = {3: 6.0, 2: 2.5, 1: 0.6}
# A level's costs relative to the city-wide payment standard.
LEVEL_COST_FACTOR = {3: 1.06, 2: 0.88, 1: 0.78}


@dataclass(frozen=True)
class DemoHospital:
    code: str
    name: str
    level: int
    coefficient: str  # exact decimal text, e.g. "1.05"


@dataclass(frozen=True)
class DemoGroups:
    codes: np.ndarray  # str
    names: np.ndarray  # str
    weights: np.ndarray  # float, for drawing frequencies and stays only
    avg_cost_fen: np.ndarray  # int64
    mdc: np.ndarray  # the first letter, str
    kind: np.ndarray  # "surgical" | "operation" | "medical"
    popularity: np.ndarray  # probabilities, sum 1


def _kind(code: str) -> str:
    if code[0] == "A" or code[1] in SURGICAL_LETTERS:
        return "surgical"
    return "operation" if code[1] in OPERATION_LETTERS else "medical"


@lru_cache(maxsize=1)
def demo_groups() -> DemoGroups:
    """Groups of the default table that have both a weight and a payment standard."""
    rows = []
    with default_groups_path().open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            weight, cost = row["权重"].strip(), row["支付标准"].strip()
            try:
                weight_value = float(weight)
            except ValueError:
                continue  # paid by item or no weight: the demo cases stay in payable groups
            if cost:
                rows.append((row["DRG编码"], row["DRG名称"], weight_value, parse_yuan_to_fen(cost)))
    weights = np.array([r[2] for r in rows])
    # Common groups are much more frequent: cheap medical groups dominate a real month,
    # and a heavy-tailed random factor makes a handful of groups carry most cases.
    fixed = np.random.default_rng(20240301)
    popularity = np.exp(-0.55 * weights) * fixed.lognormal(0.0, 1.3, len(rows))
    popularity /= popularity.sum()
    return DemoGroups(
        codes=np.array([r[0] for r in rows]), names=np.array([r[1] for r in rows]),
        weights=weights, avg_cost_fen=np.array([r[3] for r in rows], dtype=np.int64),
        mdc=np.array([r[0][0] for r in rows]), kind=np.array([_kind(r[0]) for r in rows]),
        popularity=popularity)


@lru_cache(maxsize=1)
def demo_hospitals() -> tuple[DemoHospital, ...]:
    fixed = np.random.default_rng(990100)
    hospitals = []
    for index, (name, level) in enumerate(HOSPITALS, start=1):
        low, high = _COEFFICIENT_RANGE[level]
        thousandths = int(fixed.integers(low // 10, high // 10 + 1)) * 10  # two decimals
        coefficient = f"{thousandths // 1000}.{thousandths % 1000 // 10:02d}"
        hospitals.append(DemoHospital(f"H9901{level}{index:05d}0", name, level, coefficient))
    return tuple(hospitals)


def hospital_volume(include_primary: bool) -> np.ndarray:
    """Probabilities of drawing each hospital; heavy groups are not treated in 一级 hospitals."""
    volume = np.array([_VOLUME[h.level] if (include_primary or h.level > 1) else 0.0
                       for h in demo_hospitals()])
    return volume / volume.sum()


@dataclass(frozen=True)
class CodeList:
    codes: np.ndarray
    names: np.ndarray


@lru_cache(maxsize=1)
def mdc_codes() -> dict[tuple[str, str], CodeList]:
    """(MDC letter, "dx" | "proc") -> codes and names, from resources/demo/mdc-codes.csv."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    with resource("demo", "mdc-codes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kind = "dx" if row["类别"] == "诊断" else "proc"
            found.setdefault((row["MDC"], kind), []).append((row["编码"], row["名称"]))
    return {key: CodeList(np.array([c for c, _ in pairs]), np.array([n for _, n in pairs]))
            for key, pairs in found.items()}


# Common secondary diagnoses of an adult inpatient population.
COMMON_OTHER_DX = np.array(["I10.x00", "E11.900", "E78.500", "I25.103", "K21.000",
                            "N18.300", "J44.900", "E87.600", "D64.900", "I48.x00"])
