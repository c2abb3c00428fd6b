"""What the demo's special-case workflow says: the users, the expert pool and the
hospitals' and reviewers' words. Fictional data written into the demo database and
its application file (not messages: they stay Chinese in either language, as a
hospital's and a bureau's papers would).
"""
from __future__ import annotations

# Demo accounts, one password for all (README "Demo users"): (username, display name, role).
DEMO_PASSWORD = "demo1234"
USERS: tuple[tuple[str, str, str], ...] = (
    ("admin", "系统管理员", "admin"),
    ("li", "李静", "reviewer"),
    ("zhang", "张磊", "reviewer"),
    ("wang", "王芳", "supervisor"),
    ("zhao", "赵强", "supervisor"),
    ("chen", "陈建国", "expert"),
    ("liu", "刘敏", "expert"),
    ("sun", "孙立新", "expert"),
)

# The expert pool: (name, specialty, indexes into demo_hospitals() of the affiliated
# hospitals, account username or None).
EXPERTS: tuple[tuple[str, str, tuple[int, ...], str | None], ...] = (
    ("陈建国", "心血管内科", (0,), "chen"),
    ("刘敏", "重症医学科", (1,), "liu"),
    ("孙立新", "神经外科", (2, 8), "sun"),
    ("周文华", "骨科", (19,), None),
    ("吴晓燕", "肿瘤科", (6,), None),
    ("郑海涛", "呼吸与危重症医学科", (4,), None),
    ("黄丽萍", "普外科", (3, 12), None),
    ("林志远", "病案管理与DRG编码", (), None),
    ("何建平", "医保管理", (), None),
    ("马秀英", "儿科", (5,), None),
)

DOCUMENTS = "病案首页；出院记录；费用明细清单；手术记录"

# Statements (申报理由) by reason, as a hospital's medical-insurance office writes them,
# naming the case's group, cost and stay.
STATEMENTS: dict[str, tuple[str, ...]] = {
    "HIGH_COST": (
        "本例入组{drg}，住院期间病情加重，多次抢救并转入ICU治疗，医疗总费用{cost}元，远超病组支付标准，申请按项目付费。",
        "{drg}病例，术后出现严重并发症需二次手术，抗感染及营养支持周期长，医疗总费用{cost}元，申请特例单议。",
        "{drg}病例合并多种基础疾病，使用高值耗材及血液制品较多，医疗总费用{cost}元，明显高于病组均次费用，申请按项目结算。",
    ),
    "LONG_STAY": (
        "{drg}病例，病情迁延，长期卧床并需呼吸机支持，无法转出，实际住院{los}天，申请特例单议。",
        "{drg}病例，分期手术及康复治疗周期长，实际住院{los}天，超过60天，申请按实际住院天数核算。",
    ),
    "NEW_TECH": (
        "{drg}病例使用国家医保谈判新药进行靶向治疗，药品费用未纳入病组测算，医疗总费用{cost}元，申请新药新技术特例单议。",
        "{drg}病例开展新技术并使用新型介入耗材，医疗总费用{cost}元，申请新技术除外支付。",
    ),
    "CRITICAL": (
        "{drg}病例，入院时病情危重，多器官功能支持治疗并多次抢救，医疗总费用{cost}元，申请按复杂危重症特例单议。",
        "{drg}病例，感染性休克合并多器官功能障碍，经积极抢救无效死亡，医疗总费用{cost}元，申请特例单议。",
    ),
    "MDT": (
        "{drg}病例经多学科联合诊疗（MDT）会诊后制定治疗方案，多个专科共同参与，医疗总费用{cost}元，申请特例单议。",
    ),
}


def statement(reason: str, index: int, *, drg_code: str, drg_name: str, cost_fen: int, los: int) -> str:
    """The ``index``-th statement for ``reason``, filled in with the case's facts."""
    from workstation.domain.money import fen_to_yuan_text

    texts = STATEMENTS[reason]
    return texts[index % len(texts)].format(drg=f"{drg_name}（{drg_code}）", cost=fen_to_yuan_text(cost_fen, True),
                                            los=los)


# The reviewers' and hospitals' words at each step.
RETURN_MISSING = (
    "请补充完整病程记录、长期医嘱单及费用明细，并提供高值耗材或新技术的使用登记。",
    "申报理由未说明超出病组标准的主要费用构成，请补充费用明细汇总表。",
)
RESUBMIT_SUPPLIED = "已补充病程记录、ICU护理记录及耗材使用登记。"
REFUSE_REASON = "经核查，该病例高额费用主要来自患者自主要求的特需服务和自费项目，不属于特例单议范围，不予受理。"
QUOTA_OVERRIDE = "该院本期集中收治区域重大交通事故伤员，危重病例明显增多，经科室负责人审核同意超名额受理。"
VOTE_COMMENTS: dict[str, tuple[str, ...]] = {
    "support": (
        "病情危重，诊疗过程合理，费用构成与病情相符，同意按项目付费。",
        "住院时间长有充分的病程依据，同意特例单议。",
        "诊疗措施符合临床规范，费用与病情相符，同意申报。",
        "抢救措施必要，耗材使用有记录可查，同意。",
    ),
    "oppose": (
        "部分检查重复，延长住院与病情关联不足，不同意特例单议。",
        "费用超标主要来自非必要的辅助用药，不同意。",
    ),
    "abstain": ("本人对该专科诊疗规范不够熟悉，弃权。",),
}
CONFLICT_NOTE = "本人曾参与该患者会诊，申请回避。"
PROPOSAL_TEXTS = (
    "经专家评审，建议扣减辅助用药及重复检查费用后按项目付费。",
    "医院反馈后调整扣减范围，仅扣减超说明书用药部分。",
)
COUNTER_TEXT = "医院复函：辅助用药均有医嘱依据，请求减少扣减金额。"
AGREE_TEXT = "医院复函：同意协商方案。"
DECISION_REASONS = {
    "by_item": "专家评审通过，按协商结果扣减后按项目付费。",
    "adjust_points": "专家评审通过，参照同类病例调整该病例点数。",
    "keep_drg": "专家评审未通过，维持原DRG支付。",
}
AMEND_REASON = "原决定计算扣减金额时重复扣减护理费，现予更正。"
APPEAL_GROUNDS = "医院申诉：扣减的耗材费用均为抢救必需，附抢救记录，请求重新评审。"

# The demo application file (申报表, formats.md §4).
APPLICATION_HEADERS = ("定点医药机构编码", "就诊ID", "申报类型", "申报理由", "申请支付方式", "申请金额",
                       "附件清单", "申报日期")
METHOD_BY_ITEM = "按项目付费"
INELIGIBLE_REASON = "费用超支"  # not one of the eligible reasons
UNREADABLE_AMOUNT = "约三万元"
