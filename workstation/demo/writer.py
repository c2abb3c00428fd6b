"""``write_demo``: a realistic month of settlement data plus the group and hospital
tables it refers to and the hospitals' special-case applications, seeded and
reproducible.

The batch is written in chunks so a million-case benchmark file needs little
memory; the same seed and size always give the same bytes.
"""
from __future__ import annotations

import codecs
import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workstation.demo.application_file import ApplicationFile, write_application_file
from workstation.demo.cases import TRAITS, draw_chunk
from workstation.demo.catalog import LEVEL_TEXT, demo_hospitals
from workstation.demo.csvtext import csv_text
from workstation.demo.rows import HEADERS, chunk_columns
from workstation.domain.messages import UserError
from workstation.domain.periods import PeriodError, normalise_period, period_bounds
from workstation.reference.bundled import default_groups_path

CHUNK_ROWS = 25_000
ENCODINGS = {"gb18030": "gb18030", "gbk": "gbk", "utf-8": "utf-8", "utf8": "utf-8",
             "utf-8-sig": "utf-8-sig"}
HOSPITAL_HEADERS = ("机构编码", "机构名称", "级别", "差异系数")


@dataclass(frozen=True)
class DemoFiles:
    batch: Path  # the settlement batch (结算清单)
    groups: Path  # the DRG group table
    hospitals: Path  # the hospital table
    applications: ApplicationFile  # the hospitals' special-case applications (申报表)
    cases: int
    seed: int
    encoding: str
    period: str
    planted: dict[str, int] = field(default_factory=dict)  # rows carrying each planted trait


def _encoding(name: str) -> str:
    key = str(name).strip().lower().replace("_", "-")
    if key not in ENCODINGS:
        raise UserError(
            f"不支持的编码“{name}”。请使用 gb18030、gbk、utf-8 或 utf-8-sig。",
            f"Unsupported encoding '{name}'. Use gb18030, gbk, utf-8 or utf-8-sig.")
    return codecs.lookup(ENCODINGS[key]).name if key != "utf-8-sig" else "utf-8-sig"


def _period(text: str) -> str:
    try:
        return normalise_period(text)
    except PeriodError:
        raise UserError(
            f"结算期“{text}”无法识别。请写成 2024-03、2024Q1、2024H1 或 2024。",
            f"Settlement period '{text}' is not understood. Write 2024-03, 2024Q1, 2024H1 or 2024.") from None


def write_demo(out_dir: str | os.PathLike, *, cases: int = 5000, seed: int = 1,
               encoding: str = "gb18030", period: str = "2024-03") -> DemoFiles:
    """Write a demo settlement batch, group table and hospital table into ``out_dir``."""
    if int(cases) < 1:
        raise UserError("病例数必须至少为 1。", "The number of cases must be at least 1.")
    codec = _encoding(encoding)
    period = _period(period)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tag = period.replace("-", "")
    batch = out / f"demo-settlement-{tag}.csv"
    groups = out / "demo-drg-groups.csv"
    hospitals = out / "demo-hospitals.csv"
    applications: ApplicationFile | None = None

    rng = np.random.default_rng(int(seed))
    bounds = period_bounds(period)
    planted = dict.fromkeys(TRAITS[1:], 0)
    case_prefix = f"ZY{tag}{int(seed) % 100:02d}"
    patient_prefix = f"9901{int(seed) % 100:02d}"  # region 99 is unassigned: never a real person
    with batch.open("w", encoding=codec, newline="") as handle:
        for first_row in range(0, int(cases), CHUNK_ROWS):
            n = min(CHUNK_ROWS, int(cases) - first_row)
            chunk = draw_chunk(rng, n, first_row, bounds)
            for index, count in zip(*np.unique(chunk.trait, return_counts=True)):
                if index:
                    planted[TRAITS[index]] += int(count)
            columns = chunk_columns(rng, chunk, first_row, case_prefix, patient_prefix)
            if first_row == 0:
                applications = write_application_file(out / f"demo-applications-{tag}.csv", codec, chunk,
                                                      case_prefix, int(seed))
            handle.write(csv_text(columns, HEADERS if first_row == 0 else None))

    _copy_default_groups(groups, codec)
    _write_hospitals(hospitals, codec)
    assert applications is not None  # the first chunk always exists (cases >= 1)
    return DemoFiles(batch=batch, groups=groups, hospitals=hospitals, applications=applications, cases=int(cases),
                     seed=int(seed), encoding=codec, period=period, planted=planted)


def _copy_default_groups(target: Path, codec: str) -> None:
    """The bundled default table, re-encoded like the batch (exports are rarely UTF-8)."""
    text = default_groups_path().read_text(encoding="utf-8-sig")
    with target.open("w", encoding=codec, newline="") as handle:
        handle.write(text)


def _write_hospitals(target: Path, codec: str) -> None:
    with target.open("w", encoding=codec, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HOSPITAL_HEADERS)
        for hospital in demo_hospitals():
            writer.writerow([hospital.code, hospital.name, LEVEL_TEXT[hospital.level],
                             hospital.coefficient])
