"""The expert pool (专家库): experts with their specialty and affiliated hospitals."""
from __future__ import annotations

import os
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.authority import Action
from workstation.domain.bounds import PERSON_NAME, SPECIALTY, check_texts
from workstation.domain.messages import Text, UserError
from workstation.reference.tabular import header_scorer, map_headers, read_table
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.store import audit

HEADERS = {
    "name": ("姓名", "专家姓名"),
    "specialty": ("专业", "专科", "专业方向"),
    "hospital_codes": ("所在医院编码", "关联医院编码", "机构编码", "定点医药机构编码"),
    "username": ("用户名", "账户"),
}


def _codes(text: str) -> str:
    import re

    return ";".join(c for c in re.split(r"[;；,，|\s]+", text or "") if c)


def add_expert(db: Database, actor: Actor, name: str, *, specialty: str = "", hospital_codes: str = "",
               username: str | None = None) -> int:
    check_texts((PERSON_NAME, name), (SPECIALTY, specialty))  # the limits of domain.bounds, named when refused
    if not name.strip():
        raise UserError("专家姓名不能为空。", "The expert's name cannot be empty.")
    with db.atomic():
        check(db, actor, Action.MANAGE_EXPERTS)
        row = {"name": name.strip(), "specialty": specialty.strip(), "hospital_codes": _codes(hospital_codes),
               "username": (username or "").strip() or None, "created_at": audit.now_iso(), "created_by": actor.name}
        expert_id = int(db.table("experts").insert(row).last_pk or 0)
        audit.record(db, actor=actor.name, action="experts.add", entity="experts", entity_id=expert_id, after=row)
        return expert_id


def set_active(db: Database, actor: Actor, expert_id: int, active: bool) -> None:
    with db.atomic():
        check(db, actor, Action.MANAGE_EXPERTS)
        before = db.execute("SELECT active FROM experts WHERE id = ?", [expert_id]).fetchone()
        if before is None:
            raise UserError(f"专家库中没有编号 {expert_id}。", f"There is no expert {expert_id} in the pool.")
        db.execute("UPDATE experts SET active = ? WHERE id = ?", [int(active), expert_id])
        audit.record(db, actor=actor.name, action="experts.active", entity="experts", entity_id=expert_id,
                     before={"active": before[0]}, after={"active": int(active)})


def list_experts(db: Database) -> list[dict]:
    return list(db.query("SELECT * FROM experts ORDER BY id"))


def load_experts(db: Database, actor: Actor, path: str | os.PathLike) -> list[int]:
    """Experts from a CSV/XLSX (姓名, 专业, 所在医院编码); the whole file or nothing."""
    table = read_table(Path(path), header_score=header_scorer(HEADERS), what=Text("专家库", "expert pool"),
                       expected_zh="（如“姓名”“专业”“所在医院编码”）", expected_en=" (name, specialty, hospital_codes)")
    columns = map_headers(table.headers, HEADERS)
    if "name" not in columns:
        raise UserError("专家表缺少“姓名”列。", "The expert file has no name column.")
    ids = []
    with db.atomic():
        for row in table.rows:
            cells = {k: row[i] for k, i in columns.items()}
            ids.append(add_expert(db, actor, cells["name"], specialty=cells.get("specialty", ""),
                                  hospital_codes=cells.get("hospital_codes", ""), username=cells.get("username")))
    return ids
