"""Masking personal data (姓名, 证件号码) wherever it is not needed.

Reviewers identify a case by its case id and patient id; the name and the
resident ID are shown masked unless a user explicitly asks to see them, so a
screen or a projector in a panel session never shows them by accident.
"""
from __future__ import annotations

MASK = "*"


def mask_name(name: str | None) -> str:
    """Keep the first character (the family name) and mask the rest.

    >>> mask_name("张三")
    '张*'
    >>> mask_name("欧阳娜娜")
    '欧***'
    """
    if not name:
        return ""
    text = str(name).strip()
    if len(text) <= 1:
        return text
    return text[0] + MASK * (len(text) - 1)


def mask_id(number: str | None) -> str:
    """Keep the first 4 (the region) and the last 4 characters, mask the middle.

    >>> mask_id("330106199001011234")
    '3301**********1234'

    Short numbers keep fewer characters, so at least half of any number is masked.
    """
    if not number:
        return ""
    text = str(number).strip()
    keep = 4 if len(text) >= 16 else len(text) // 4
    if keep == 0:
        return MASK * len(text)
    return text[:keep] + MASK * (len(text) - 2 * keep) + text[-keep:]
