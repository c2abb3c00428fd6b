"""A mock panel's store: five hospitals, one high-cost application each with its panel drawn,
three experts (every panel is the three of them), patients with names that must never show."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from tests.engine.factory import add_batch, add_case, add_groups, add_hospitals
from workstation.domain.accounts import Role
from workstation.engine.recompute import recompute
from workstation.services import panel
from workstation.services import review as R
from workstation.services.applications import create_from_case
from workstation.services.context import Actor
from workstation.services.experts import add_expert

REVIEWER = Actor("li", Role.REVIEWER)
SUPERVISOR = Actor("wang", Role.SUPERVISOR)
ADMIN = Actor("admin", Role.ADMIN)
HOSPITALS = [("H001", "协和医院"), ("H002", "人民医院"), ("H003", "同济医院"), ("H004", "中心医院"), ("H005", "妇幼保健院")]
PATIENTS = ["欧阳娜娜", "司马懿明", "诸葛孔亮", "上官婉儿", "皇甫嵩华"]
ID_NUMBERS = ["110101199001011234", "310101198502023456", "420102197003034567", "440103196504045678",
              "510104195505056789"]
DOCTORS = ["赵大夫", "钱主任", "孙医师", "李教授", "周大夫"]
EXPERTS = [("陈建国", "心血管内科", "chen"), ("刘敏", "重症医学科", "liu"), ("孙立新", "神经外科", "sun")]


@dataclass
class PanelStore:
    db: Database
    apps: list[int]
    experts: list[int]  # ids of 陈, 刘, 孙
    session: int = 0


def build_panel_store(db: Database, *, plan: bool = True) -> PanelStore:
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    add_hospitals(db, [{"hospital_code": c, "name": n, "level": 3} for c, n in HOSPITALS])
    batch = add_batch(db)
    high = []
    for index, (code, _name) in enumerate(HOSPITALS):
        for _ in range(24):
            add_case(db, batch, cost="9000.00", hospital=code)
        pk = add_case(db, batch, cost=f"{50000 + 7000 * index}.00", los=40 + index, hospital=code,
                      sex=1 + index % 2, discharge="2024-03-20")
        db.execute("UPDATE cases SET patient_name = ?, id_number = ?, age = ?, hospital_name = ?, extra = ?"
                   " WHERE id = ?", [PATIENTS[index], ID_NUMBERS[index], 45 + 7 * index, HOSPITALS[index][1],
                                     json.dumps({"主治医师": DOCTORS[index]}, ensure_ascii=False), pk])
        high.append(pk)
    recompute(db, actor="t")
    experts = [add_expert(db, ADMIN, name, specialty=spec, hospital_codes="H009", username=user)
               for name, spec, user in EXPERTS]
    apps = []
    for index, pk in enumerate(high):
        code, name = HOSPITALS[index]
        app = create_from_case(db, REVIEWER, pk, reason="HIGH_COST", statement=(
            f"患者{PATIENTS[index]}（身份证 {ID_NUMBERS[index]}）于 2024-03-01 入住{name}（{code}），"
            f"主治医师{DOCTORS[index]}于 2024年3月5日 多次介入治疗，费用明显高于病组标杆。"))
        R.accept(db, REVIEWER, app)
        R.draw_experts(db, REVIEWER, app)
        apps.append(app)
    store = PanelStore(db, apps, experts)
    if plan:
        store.session = panel.new_session(db, REVIEWER, date(2024, 4, 15), "四月评审会", "第三会议室")
        panel.add_items(db, REVIEWER, store.session, apps)
    return store
