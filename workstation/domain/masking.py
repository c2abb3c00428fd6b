"""Masking personal data (姓名, 证件号码) wherever it is not needed.

Reviewers identify a case by its case id and patient id; the name and the
resident ID are shown masked unless a user explicitly asks to see them, so a
screen or a projector in a panel session never shows them by accident.
"""
from __future__ import annotations

import re

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


# A resident ID number (GB 11643): 6 region digits, a birth date (18xx-20xx, month, day), 3
# digits and a check character. The birth date keeps long case or patient numbers unmasked.
_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
                          r"(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])")


def mask_ids_in_text(text: str) -> str:
    """Every resident ID number inside ``text`` masked (a message quoting a cell, say).

    >>> mask_ids_in_text("row 3: 330106199001011234 is not a date")
    'row 3: 3301**********1234 is not a date'
    """
    return _RESIDENT_ID.sub(lambda found: mask_id(found.group(0)), text)


def mask_for_message(value: str, personal: bool) -> str:
    """A cell quoted in a message: a personal column's value masked whole (a name, an ID number
    in the wrong column), any other value with its resident ID numbers masked."""
    if personal:
        return mask_id(value) if any(ch.isdigit() for ch in value) else mask_name(value)
    return mask_ids_in_text(value)


# A 15-digit first-generation resident ID (6 region digits, yymmdd, 3 digits) and a mainland mobile
# number (1[3-9] and 9 digits), each standing alone, not inside a longer number or code.
_OLD_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{5}[0-9]{2}(?:0[1-9]|1[0-2])"
                              r"(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9A-Za-z])")


def mask_free_text(text: str | None, names: tuple[str, ...] | list[str] = ()) -> str:
    """Free text (a hospital's reason, a proposal, a reply, a comment) with what identifies a person
    masked: 18- and 15-digit resident ID numbers, mobile numbers, and each of ``names`` (the case's
    patient) wherever it appears.

    >>> mask_free_text("患者余某华（990102193010151111）电话 13912345678", ["余某华"])
    '患者余**（9901**********1111）电话 139****5678'
    """
    if not text:
        return ""
    result = mask_ids_in_text(str(text))
    result = _OLD_RESIDENT_ID.sub(lambda found: mask_id(found.group(0)), result)
    result = _MOBILE.sub(lambda found: _mask_mobile(found.group(0)), result)
    for name in sorted({str(n).strip() for n in names if n and len(str(n).strip()) > 1}, key=len, reverse=True):
        result = result.replace(name, mask_name(name))
    return result


def _mask_mobile(number: str) -> str:
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    hidden = set(digits[-8:-4])
    return "".join(MASK if i in hidden else ch for i, ch in enumerate(number))
