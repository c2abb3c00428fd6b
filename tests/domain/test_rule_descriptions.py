"""Every rules parameter is explained in Chinese a reviewer reads and in plain English."""
from __future__ import annotations

import re

import pytest

from workstation.domain.messages import set_language
from workstation.domain.rule_descriptions import RULE_DESCRIPTIONS, describe, description_text
from workstation.domain.rules import default_document

# Codes a Chinese reviewer meets as codes on screen; any other Latin word in the Chinese is a defect.
CODES = {"HIGH", "LOW", "INCOMPLETE", "UNGROUPED", "SMALL_GROUP", "READMIT", "FEE_MISMATCH", "DRG", "QY",
         "LONG_STAY", "HIGH_COST", "NEW_TECH", "CRITICAL", "MDT"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _keys(doc: dict, prefix: str = "") -> list[str]:
    keys = []
    for key, value in doc.items():
        if isinstance(value, dict) and value:
            keys.extend(_keys(value, f"{prefix}{key}."))
        else:
            keys.append(f"{prefix}{key}")
    return keys


DEFAULT_KEYS = _keys(default_document())


def test_the_default_rules_have_every_kind_of_parameter():
    assert {"high.tiers", "low.multiple", "special_case.cap", "point_value.periods", "precedence.order",
            "points.decimals"} <= set(DEFAULT_KEYS)


@pytest.mark.parametrize("key", DEFAULT_KEYS)
def test_every_parameter_has_a_chinese_and_an_english_explanation(key):
    text = describe(key)
    assert text is not None, f"{key} has no explanation in workstation/domain/rule_descriptions.py"
    assert len(text.zh) >= 10 and len(text.en) >= 20
    foreign = [w for w in LATIN_WORD.findall(text.zh) if w not in CODES]
    assert not foreign, f"{key}: English words in the Chinese explanation: {foreign}"
    assert not CJK.search(text.en), f"{key}: Chinese characters in the English explanation: {text.en}"


def test_no_explanation_for_a_parameter_the_rules_do_not_have():
    assert sorted(set(RULE_DESCRIPTIONS) - set(DEFAULT_KEYS)) == []
    assert describe("low.multipel") is None and description_text("low.multipel") == ""


def test_a_period_point_value_and_the_current_language():
    assert "结算期的点值" in describe("point_value.periods.2024-03").zh
    set_language("en")
    try:
        assert description_text("low.multiple").startswith("Low-cost outlier (LOW)")
    finally:
        set_language("zh")
    assert description_text("low.multiple").startswith("低倍率病例（LOW）")
    assert description_text("special_case.cap", "en").endswith("some cities use 5‰.")
    assert "国家医保局 2024" in description_text("special_case.cap", "zh")
