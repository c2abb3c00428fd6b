"""A store with signed, notified special-case decisions (as in tests/services/test_review_flow.py),
patients with real-looking names and ID numbers, so the reports can be checked for masking."""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

import pytest

from tests.engine.factory import add_batch, add_case, add_groups, add_hospitals
from workstation.domain.accounts import Role
from workstation.engine.recompute import recompute
from workstation.services import review as R
from workstation.services.applications import create_from_case
from workstation.services.context import Actor
from workstation.services.experts import add_expert
from workstation.services.report_settings import set_report_settings
from workstation.services.review import decisions as D

REVIEWER = Actor("li", Role.REVIEWER)
SUPERVISOR = Actor("wang", Role.SUPERVISOR)
ADMIN = Actor("admin", Role.ADMIN)
PATIENT_NAME = "欧阳娜娜"
ID_NUMBER = "330106199001011234"
SETTINGS = {"bureau_name": "云川市医疗保障局", "region_short": "云", "appeal_body": "云川市医疗保障局医药服务管理科",
            "appeal_channel": "书面材料递交至云川市政务服务中心医保窗口", "review_body": "云川市人民政府",
            "court": "云川市西山区人民法院", "basis": "《云川市DRG付费特例单议管理办法》（云医保发〔2024〕12号）",
            "contact": "周明", "phone": "0871-12345678", "copy_to": "云川市卫生健康委员会",
            "verify_at": "云川市医保局医药服务管理科（0871-12345678）",
            "bureau_name_en": "Yunchuan Healthcare Security Administration"}
EXPERT_NAMES = ["张专家", "李专家", "王专家", "赵专家", "钱专家"]


@dataclass
class Decided:
    db: object
    by_item: int  # application ids
    adjusted: int
    kept: int
    high_case: int


def _decide(db, case_pk: int, *, votes, method: str, reasons: str, **terms) -> int:
    app = create_from_case(db, REVIEWER, case_pk, reason="HIGH_COST", statement="多次介入治疗，" * 12 + "费用显著高于病组标杆",
                           documents="病案首页；费用清单；会诊记录")
    R.accept(db, REVIEWER, app)
    draw = R.draw_experts(db, REVIEWER, app, seed=f"seed{case_pk}")
    for expert, value in zip(draw.drawn, votes, strict=True):
        R.vote(db, REVIEWER, app, expert, value, "意见")
    R.conclude(db, REVIEWER, app)
    if method != "keep_drg":
        D.propose(db, REVIEWER, app, method=method, text="第一轮方案", **terms)
        D.answer(db, REVIEWER, app, "agree", text="同意")
    D.draft(db, REVIEWER, app, reasons=reasons, method=method, **terms)
    D.sign(db, SUPERVISOR, app)
    D.notify(db, REVIEWER, app)
    return app


def build_decided(db) -> Decided:
    add_groups(db, [{"drg_code": "FM19", "drg_name": "经皮心血管操作", "weight": "1.0", "avg_cost": "10000.00"}])
    add_hospitals(db, [{"hospital_code": "H001", "name": "第一人民医院", "level": 3},
                       {"hospital_code": "H002", "name": "第二人民医院", "level": 2}])
    batch = add_batch(db)
    for i in range(80):  # H001: 60 DRG cases, a quota of 3 at 5 %
        add_case(db, batch, cost=f"{8000 + 40 * i}.00", hospital="H001" if i % 4 else "H002",
                 drg_code="0000" if i % 8 == 0 else "FM19")  # some of H002 ungrouped
    cases = [add_case(db, batch, cost=f"{50000 + 1000 * i}.00", los=70, hospital="H001",
                      fees={"fee_western": 2_000_000, "fee_material": 1_500_000, "fee_high_value": 1_000_000,
                            "fee_treatment": 1_500_000 + 100_000 * i}) for i in range(3)]
    db.execute("UPDATE cases SET patient_name = ?, id_number = ?", [PATIENT_NAME, ID_NUMBER])
    recompute(db, actor="t")
    for i, name in enumerate(EXPERT_NAMES):
        add_expert(db, ADMIN, name, specialty="心内科", hospital_codes="H001" if i == 0 else "")
    by_item = _decide(db, cases[0], votes=("support", "support", "oppose"), method="by_item",
                      reasons="专家评审通过，按协商结果按项目付费", deductions={"fee_western": 300_000})
    adjusted = _decide(db, cases[1], votes=("support", "support", "support"), method="adjust_points",
                       reasons="调整点数", points="420")
    set_report_settings(db, ADMIN, SETTINGS)
    kept = _decide(db, cases[2], votes=("oppose", "oppose", "abstain"), method="keep_drg",
                   reasons="专家评审未通过，维持DRG支付")
    return Decided(db, by_item, adjusted, kept, cases[0])


@pytest.fixture
def decided(db) -> Decided:
    return build_decided(db)


def pdf_text(path) -> str:
    """The PDF's text as pdftotext reads it (layout kept, so table rows stay on one line)."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_fonts(path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                                   reason="poppler-utils (pdftotext, pdffonts) not installed")
