"""The canonical fields of a settlement-list case (formats.md §1).

Every other module names case fields by these keys. Money fields are stored in
the database as integer fen in a column named ``<key>_fen``; this module is the
one place that knows that.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from workstation.domain.messages import Text

FieldType = Literal["text", "int", "money", "date", "sex", "level", "mode", "flag", "codes"]


@dataclass(frozen=True)
class CaseField:
    key: str
    zh: str  # the Chinese header of the settlement list
    required: bool
    type: FieldType
    aliases: tuple[str, ...] = ()  # further headers seen in the wild
    personal: bool = False  # personal data: masked wherever it is not needed

    @property
    def column(self) -> str:
        """The database column holding this field."""
        return f"{self.key}_fen" if self.type == "money" else self.key


FEE_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("fee_bed", "床位费"),
    ("fee_consult", "诊察费"),
    ("fee_exam", "检查费"),
    ("fee_lab", "化验费"),
    ("fee_treatment", "治疗费"),
    ("fee_surgery", "手术费"),
    ("fee_nursing", "护理费"),
    ("fee_material", "卫生材料费"),
    ("fee_western", "西药费"),
    ("fee_herbal", "中药饮片费"),
    ("fee_patent", "中成药费"),
    ("fee_general", "一般诊疗费"),
    ("fee_registration", "挂号费"),
    ("fee_other", "其他费"),
)
"""The 14 fee categories which, when present, add up to total_cost."""

CASE_FIELDS: tuple[CaseField, ...] = (
    CaseField("case_id", "就诊ID", True, "text", ("就诊流水号", "住院号", "病案号", "结算ID")),
    CaseField("hospital_code", "定点医药机构编码", True, "text", ("医疗机构编码", "机构编码", "医院编码")),
    CaseField("hospital_name", "定点医药机构名称", False, "text", ("医疗机构名称", "机构名称", "医院名称")),
    CaseField("hospital_level", "医疗机构级别", False, "level", ("医院级别", "级别")),
    CaseField("patient_id", "人员编号", True, "text", ("个人编号", "参保人编号")),
    CaseField("patient_name", "姓名", False, "text", ("患者姓名", "参保人姓名"), personal=True),
    CaseField("id_number", "证件号码", False, "text", ("身份证号", "身份证号码", "公民身份号码"), personal=True),
    CaseField("sex", "性别", True, "sex"),
    CaseField("age", "年龄", True, "int", ("年龄(岁)",)),
    CaseField("insurance_type", "险种类型", False, "text", ("险种",)),
    CaseField("admit_date", "入院日期", True, "date", ("入院时间",)),
    CaseField("discharge_date", "出院日期", True, "date", ("出院时间",)),
    CaseField("los", "实际住院天数", False, "int", ("住院天数",)),
    CaseField("discharge_mode", "离院方式", True, "mode"),
    CaseField("dept", "出院科别", False, "text", ("出院科室", "科室")),
    CaseField("main_dx", "主要诊断编码", True, "text", ("主诊断编码",)),
    CaseField("main_dx_name", "主要诊断名称", False, "text", ("主诊断名称",)),
    CaseField("other_dx", "其他诊断编码", False, "codes"),
    CaseField("main_proc", "主要手术操作编码", False, "text", ("主手术操作编码", "主要手术编码")),
    CaseField("other_proc", "其他手术操作编码", False, "codes", ("其他手术编码",)),
    CaseField("drg_code", "DRG编码", False, "text", ("DRG组编码", "病组编码")),
    CaseField("drg_name", "DRG名称", False, "text", ("DRG组名称", "病组名称")),
    CaseField("total_cost", "医疗总费用", True, "money", ("总费用", "住院总费用")),
    *(CaseField(key, zh, False, "money") for key, zh in FEE_CATEGORIES),
    CaseField("fee_high_value", "高值耗材费", False, "money", ("高值医用耗材费",)),
    CaseField("fund_paid", "统筹基金支付", False, "money", ("基金支付", "统筹支付")),
    CaseField("new_tech", "新技术标识", False, "flag", ("新药耗新技术标识",)),
    CaseField("settle_date", "结算日期", False, "date", ("结算时间",)),
)

FIELDS_BY_KEY: dict[str, CaseField] = {f.key: f for f in CASE_FIELDS}
REQUIRED_KEYS: tuple[str, ...] = tuple(f.key for f in CASE_FIELDS if f.required)
MONEY_KEYS: tuple[str, ...] = tuple(f.key for f in CASE_FIELDS if f.type == "money")
FEE_KEYS: tuple[str, ...] = tuple(k for k, _ in FEE_CATEGORIES)
PERSONAL_KEYS: tuple[str, ...] = tuple(f.key for f in CASE_FIELDS if f.personal)

DISCHARGE_MODES: dict[int, str] = {
    1: "医嘱离院",
    2: "医嘱转院",
    3: "医嘱转社区/乡镇卫生院",
    4: "非医嘱离院",
    5: "死亡",
    9: "其他",
}


_FEE_ENGLISH = {
    "fee_bed": "Bed", "fee_consult": "Consultation", "fee_exam": "Examination", "fee_lab": "Laboratory tests",
    "fee_treatment": "Treatment", "fee_surgery": "Surgery", "fee_nursing": "Nursing",
    "fee_material": "Medical materials", "fee_western": "Western medicine", "fee_herbal": "Herbal pieces",
    "fee_patent": "Chinese patent medicine", "fee_general": "General consultation",
    "fee_registration": "Registration", "fee_other": "Other",
}
FEE_NAMES: dict[str, Text] = {**{key: Text(zh, _FEE_ENGLISH[key]) for key, zh in FEE_CATEGORIES},
                              "fee_high_value": Text("高值耗材费", "High-value consumables")}
"""Each fee column's name for people, in both languages (the settlement list's own names are the Chinese)."""

DISCHARGE_MODE_NAMES: dict[int, Text] = {code: Text(zh, en) for (code, zh), en in zip(DISCHARGE_MODES.items(), (
    "discharged on medical advice", "transferred on medical advice",
    "transferred to a community or township health centre", "left against medical advice", "death", "other"),
    strict=True)}


def fee_name(key: str) -> str:
    """A fee column's name in the current language (the key itself when it is not a fee column)."""
    return str(FEE_NAMES[key]) if key in FEE_NAMES else key


def _normalise_header(text: str) -> str:
    """Headers compare without case, spaces, BOMs and full-width brackets."""
    table = str.maketrans({"（": "(", "）": ")", "\ufeff": None, " ": None, "\u3000": None, "_": None})
    return str(text).strip().translate(table).lower()


HEADER_INDEX: dict[str, str] = {}
for _f in CASE_FIELDS:
    for _name in (_f.key, _f.zh, *_f.aliases):
        HEADER_INDEX.setdefault(_normalise_header(_name), _f.key)


def canonical_key(header: str) -> str | None:
    """The canonical key a source header stands for, or None when it is unknown."""
    return HEADER_INDEX.get(_normalise_header(header))
