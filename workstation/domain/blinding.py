"""What a blinded view (a panel session, an expert's desk, the minutes) may show of a case.

Shown: the hospital as the session's letter (A, B, …), an age band of ten years, sex, days counted
from admission. Never: names, ID numbers, the hospital's name or 定点 code, calendar dates
(domain.md, "Blinding"). The letters are the order of first appearance in the session or the
minutes, so the same list of hospitals always gets the same letters; the key to them is kept apart.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def letter(index: int) -> str:
    """A, B, …, Z, AA, AB, … for 0, 1, …"""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def hospital_letters(hospital_codes: Iterable[str]) -> dict[str, str]:
    """Each hospital's letter, in the order the codes first appear.

    >>> hospital_letters(["H003", "H001", "H003"])
    {'H003': 'A', 'H001': 'B'}
    """
    letters: dict[str, str] = {}
    for code in hospital_codes:
        if code not in letters:
            letters[code] = letter(len(letters))
    return letters


def age_band(age: int | None, width: int = 10) -> str:
    """``"60–69"`` for 64; empty when unknown."""
    if age is None or age < 0:
        return ""
    low = (int(age) // width) * width
    return f"{low}–{low + width - 1}"


def day_of_stay(admitted: date, when: date) -> int:
    """Days counted from admission (the admission day is day 1), instead of a calendar date."""
    return (when - admitted).days + 1
