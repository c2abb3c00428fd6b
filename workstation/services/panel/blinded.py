"""What a blinded view (the projector, an expert's desk) shows of an agenda item, read in one go.

Only what domain.blinding allows: the hospital as the session's letter, an age band, sex, days
counted from admission; the DRG, the cost against the benchmark, the flags with their
explanation, the hospital's reason and the reviewer's summary with personal data, the hospital's
name and code and calendar dates masked. Never a name, an ID number, a case number or a date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from sqlite_utils import Database

from workstation.domain.blinding import age_band
from workstation.domain.masking import mask_free_text
from workstation.domain.messages import Text
from workstation.domain.review.policy import REASON_NAMES
from workstation.services.panel.sessions import Item, SessionView
from workstation.services.queue.charts import GroupCostDistribution, group_cost_distribution
from workstation.services.queue.detail import load_case_detail

SEX_NAMES = {1: Text("男", "male"), 2: Text("女", "female")}
_DATES = re.compile(r"(?:19|20)\d{2}\s*(?:[-/.年]\s*\d{1,2}\s*(?:[-/.月]\s*\d{1,2}\s*日?)?|\d{4}(?!\d))"
                    r"|\d{1,2}\s*月\s*\d{1,2}\s*日")
_MASKED_NUMBER = re.compile(r"[0-9A-Za-z]{0,4}\*{4,}[0-9A-Za-z]{0,4}")
# A doctor named in a hospital's words: a title then a name, or a family name then a title. A
# blinded view would rather hide a word too many than one name.
_TITLE = r"(?:副?主任医师|主治医师|住院医师|医师|医生|大夫|主任|教授)"
_DOCTOR = re.compile(rf"{_TITLE}[：:\s]*[\u4e00-\u9fff]{{2,3}}|[\u4e00-\u9fff]{_TITLE}")
DOCTOR_MASK = Text("〔医生〕", "[doctor]")
DATE_MASK = Text("〔日期〕", "[date]")
PATIENT_MASK = Text("〔患者〕", "[patient]")
NUMBER_MASK = Text("〔证件号〕", "[ID number]")
HOSPITAL_MASK = Text("〔医院{letter}〕", "[hospital {letter}]")


def blind_text(text: str | None, *, names: list[str], hospital: tuple[str, str], letter: str) -> str:
    """Free text with personal data, the hospital's name and code, and calendar dates masked;
    where a desk masks a name or a number by halves, a blinded view hides all of it."""
    result = str(text or "")
    for name in sorted((n for n in names if n and len(n) > 1), key=len, reverse=True):
        result = result.replace(name, str(PATIENT_MASK))
    result = _MASKED_NUMBER.sub(str(NUMBER_MASK), mask_free_text(result))
    result = _DOCTOR.sub(str(DOCTOR_MASK), result)
    for word in sorted((w for w in hospital if w and len(w) > 1), key=len, reverse=True):
        result = result.replace(word, str(HOSPITAL_MASK.format(letter=letter)))
    return _DATES.sub(str(DATE_MASK), result)


@dataclass(frozen=True)
class BlindedFlag:
    name: str
    why: str


@dataclass(frozen=True)
class BlindedItem:
    application_id: int
    position: int
    total: int
    letter: str
    age_band: str
    sex: Text
    los: int  # days, counted from admission
    drg_code: str
    drg_name: str
    reason: Text
    cost_fen: int
    benchmark_fen: int | None
    flags: tuple[BlindedFlag, ...]
    statement: str  # the hospital's reason, masked
    summary: str  # the reviewer's summary, masked
    distribution: GroupCostDistribution

    @property
    def cost_ratio(self) -> float | None:
        return self.cost_fen / self.benchmark_fen if self.benchmark_fen else None


def _summary(item: Item, detail_drg: str, los: int, ratio: float | None) -> str:
    """The reviewer's words when written; else the facts the reviewer would say first."""
    reason = REASON_NAMES.get(item.application["reason"])
    parts = [Text("申报类型：{r}", "reason: {r}").format(r=reason) if reason else Text("", ""),
             Text("病组 {d}", "DRG {d}").format(d=detail_drg),
             Text("住院 {n} 天", "{n} days in hospital").format(n=los)]
    if ratio is not None:
        parts.append(Text("费用为病组标杆的 {x} 倍", "cost {x} × the group's benchmark").format(x=f"{ratio:.1f}"))
    return str(Text("；", "; ").join(p for p in parts if p))


def blinded_item(db: Database, view: SessionView, application_id: int, *, lang: str = "zh") -> BlindedItem:
    item = view.item(application_id)
    app = item.application
    detail = load_case_detail(db, app["case_pk"], lang=lang, other_limit=0)
    if detail is None:
        raise LookupError(app["case_pk"])
    raw = db.execute("SELECT patient_name, hospital_name FROM cases WHERE id = ?", [app["case_pk"]]).fetchone()
    names = [raw[0]] if raw and raw[0] else []
    hospital = (app["hospital_code"], detail.hospital_name or (raw[1] if raw else "") or "")
    case, result = detail.case, detail.result
    drg_code = result.get("drg_code") or case.get("drg_code") or ""
    benchmark = result.get("avg_cost_fen")
    cost = int(case["total_cost_fen"])
    period = str(result.get("period") or case.get("period") or "")
    flags = tuple(BlindedFlag(f.name, blind_text(f.why, names=names, hospital=hospital, letter=item.letter))
                  for f in detail.flags)
    ratio = cost / benchmark if benchmark else None
    summary = item.row.get("summary") or _summary(item, drg_code, int(case["los"]), ratio)
    return BlindedItem(
        application_id=application_id, position=int(item.row["position"]), total=len(view.items),
        letter=item.letter, age_band=age_band(case.get("age")), sex=SEX_NAMES.get(int(case.get("sex") or 0),
                                                                                  Text("未知", "unknown")),
        los=int(case["los"]), drg_code=drg_code, drg_name=detail.drg_name,
        reason=REASON_NAMES.get(app["reason"], Text(app["reason"], app["reason"])), cost_fen=cost,
        benchmark_fen=int(benchmark) if benchmark else None, flags=flags,
        statement=blind_text(app["statement"], names=names, hospital=hospital, letter=item.letter),
        summary=blind_text(summary, names=names, hospital=hospital, letter=item.letter),
        distribution=group_cost_distribution(db, period, drg_code, app["case_pk"]) if drg_code else
        GroupCostDistribution("", "", "", np.zeros(0, dtype=np.int64), None, "none", None, None))
