"""The 意见收集反馈 register: import with quarantine, masking, overdue marks, answers, publication."""
from __future__ import annotations

from datetime import date

import pytest

from workstation.domain.authority import AuthorityError
from workstation.domain.messages import UserError
from workstation.services.context import Actor
from workstation.services.opinions import (
    answer_opinion,
    import_opinions,
    list_opinions,
    publish_opinions,
    register_opinion,
)
from workstation.store.db import open_memory

LI = Actor("li")
FILE = """机构编码,日期,类别,意见,涉及病组
H001,2024-04-02,权重,ZZ03 权重上调幅度偏大，联系人 13912345678，身份证 110101199003071234,"ZZ03, ZZ08"
H002,2024-04-03,分组,剖宫产术建议区分合并症,
H009,2024-04-05,流程,未知机构,
H001,2024/13/40,规则,日期写错了,
H001,2024-04-06,吐槽,类别不明,
H002,2024-04-07,流程,,
"""


@pytest.fixture
def db():
    db = open_memory()
    db.execute("INSERT INTO reference_versions (id, kind, source, loaded_at, loaded_by, rows, is_current)"
               " VALUES (1, 'hospitals', 't', '2024-01-01', 't', 2, 1)")
    db["hospitals"].insert_all([{"version_id": 1, "hospital_code": c, "coefficient": "1.0"} for c in ("H001", "H002")])
    return db


def test_a_hospitals_file_is_imported_with_bad_rows_quarantined_and_texts_masked(db, tmp_path):
    path = tmp_path / "意见.csv"
    path.write_text(FILE, encoding="gb18030")
    result = import_opinions(db, path, actor=LI)
    assert result.rows_read == 6 == len(result.accepted) + len(result.quarantined)
    assert [(row, code) for row, code, _ in result.quarantined] == [
        (4, "UNKNOWN_HOSPITAL"), (5, "BAD_DATE"), (6, "BAD_TOPIC"), (7, "MISSING")]
    stored = list_opinions(db)
    assert [r["topic"] for r in stored] == ["weights", "grouping"]
    assert "13912345678" not in stored[0]["text"] and "139****5678" in stored[0]["text"]
    assert "110101199003071234" not in stored[0]["text"]
    assert stored[0]["links"] == ["ZZ03", "ZZ08"]
    assert db.execute("SELECT COUNT(*) FROM opinion_quarantine").fetchone()[0] == 4
    again = import_opinions(db, path, actor=LI)
    assert again.already_imported and len(list_opinions(db)) == 2


def test_overdue_after_the_rules_days_and_answers_close_it(db):
    first = register_opinion(db, LI, hospital_code="H001", topic="rules", text="高倍率倍数按级别区分",
                             received_on=date(2024, 4, 1))
    second = register_opinion(db, LI, hospital_code="H002", topic="workflow", text="材料清单简化",
                              received_on=date(2024, 4, 10))
    on = date(2024, 4, 20)
    assert [r["id"] for r in list_opinions(db, overdue_only=True, today=on)] == [first]  # due 04-16
    answer_opinion(db, LI, first, "下一年度规则中研究", answered_on=date(2024, 4, 15), links=["ZZ03"])
    rows = {r["id"]: r for r in list_opinions(db, today=on)}
    assert not rows[first]["overdue"] and rows[first]["answered_by"] == "li" and rows[first]["links"] == ["ZZ03"]
    assert [r["id"] for r in list_opinions(db, open_only=True, today=on)] == [second]


def test_publishing_marks_the_half_and_is_a_supervisors(db):
    number = register_opinion(db, LI, hospital_code="H001", topic="weights", text="意见", received_on=date(2024, 3, 1))
    register_opinion(db, LI, hospital_code="H001", topic="weights", text="下半年", received_on=date(2024, 8, 1))
    answer_opinion(db, LI, number, "答复", answered_on=date(2024, 3, 5))
    with pytest.raises(AuthorityError):
        publish_opinions(db, Actor("li", "reviewer"), "2024H1")  # type: ignore[arg-type]
    rows = publish_opinions(db, Actor("wang", "supervisor"), "2024H1")  # type: ignore[arg-type]
    assert [r["id"] for r in rows] == [number] and rows[0]["published_in"] == "2024H1"
    with pytest.raises(UserError):
        answer_opinion(db, LI, number, "改答复")
    with pytest.raises(UserError, match="2024-03"):
        publish_opinions(db, Actor("wang", "supervisor"), "2024-03")  # type: ignore[arg-type]
