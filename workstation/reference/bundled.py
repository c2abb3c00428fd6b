"""The bundled reference data in ``resources/drg/`` and how the default group table is built.

The product needs a group table before the administrator loads the region's own:
``default-groups.csv`` lists every CHS-DRG 2.0 group (code and name from the
national list) with the weight and payment standard of the Beijing 2022 table
where that table has the same code. Beijing 2022 was published against the
earlier CHS-DRG 1.1 list, so a few codes name a different group there; the
``来源`` column says, per row, where the numbers came from and shows Beijing's
name when it differs, so the administrator can judge. Rebuild with
``python -m workstation.reference.bundled``.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from workstation.paths import resource

GROUPS_FILE = "chs-drg-2.0-groups.dat"
ADRG_FILE = "chs-drg-2.0-adrg.dat"
BEIJING_FILE = "beijing-2022.csv"
WUHAN_FILE = "wuhan-2022.csv"
DEFAULT_GROUPS_FILE = "default-groups.csv"
DEFAULT_GROUPS_LABEL = "CHS-DRG 2.0 / 北京2022权重"
DEFAULT_HEADERS = ("DRG编码", "DRG名称", "权重", "支付标准", "来源")

SOURCE_BEIJING = "北京2022"
SOURCE_NONE = "CHS-DRG 2.0；北京2022无此编码，未给权重（基准按本期病例测算）"


def drg_resource(name: str) -> Path:
    return resource("drg", name)


def read_chs_groups(path: Path | None = None) -> list[tuple[str, str]]:
    """The CHS-DRG 2.0 group list as (code, name), in the published order."""
    path = path or drg_resource(GROUPS_FILE)
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            code, name = line.split("\t", 1)
            groups.append((code.strip(), name.strip()))
    return groups


def read_chs_adrgs(path: Path | None = None) -> dict[str, str]:
    """The CHS-DRG 2.0 ADRG list: ADRG code -> name."""
    path = path or drg_resource(ADRG_FILE)
    adrgs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            code, name = line.split(" ", 1)
            adrgs[code.strip()] = name.strip()
    return adrgs


def _comparable_name(name: str) -> str:
    """Names compare without punctuation width and the 1.1/2.0 word-order change
    (并发症或合并症 -> 合并症或并发症) and 疾患 -> 疾病, which do not change the group."""
    text = name.replace("／", "/").replace("，", ",").replace("（", "(").replace("）", ")")
    text = re.sub(r"\s+", "", text)
    return text.replace("并发症或合并症", "合并症或并发症").replace("疾患", "疾病")


@dataclass(frozen=True)
class DefaultGroupRow:
    drg_code: str
    drg_name: str
    weight: str  # exact decimal text, a text such as 按项目据实支付, or empty
    avg_cost: str  # yuan as written in the source table, or empty
    source: str

    def as_csv_row(self) -> list[str]:
        return [self.drg_code, self.drg_name, self.weight, self.avg_cost, self.source]


def build_default_rows(chs_groups: list[tuple[str, str]] | None = None,
                       beijing_path: Path | None = None) -> list[DefaultGroupRow]:
    """Every CHS-DRG 2.0 group, with Beijing 2022's RW and 支付标准 where the code exists there."""
    chs_groups = chs_groups if chs_groups is not None else read_chs_groups()
    beijing_path = beijing_path or drg_resource(BEIJING_FILE)
    with beijing_path.open(encoding="utf-8-sig", newline="") as handle:
        beijing = {row["DRG编码"].strip(): row for row in csv.DictReader(handle)}
    rows = []
    for code, name in chs_groups:
        source_row = beijing.get(code)
        if source_row is None:
            rows.append(DefaultGroupRow(code, name, "", "", SOURCE_NONE))
            continue
        beijing_name = source_row["DRG名称"].strip()
        source = SOURCE_BEIJING
        if _comparable_name(beijing_name) != _comparable_name(name):
            source += f"（北京名称：{beijing_name}）"
        rows.append(DefaultGroupRow(code, name, source_row["RW"].strip(),
                                    source_row["支付标准"].strip(), source))
    return rows


def write_default_groups(out: Path | None = None) -> Path:
    """Write ``default-groups.csv`` (UTF-8 with BOM so Excel/WPS open it correctly)."""
    out = out or drg_resource(DEFAULT_GROUPS_FILE)
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(DEFAULT_HEADERS)
        for row in build_default_rows():
            writer.writerow(row.as_csv_row())
    return out


def default_groups_path() -> Path:
    return drg_resource(DEFAULT_GROUPS_FILE)


if __name__ == "__main__":  # pragma: no cover - a maintenance tool
    print(write_default_groups())
