"""Settlement periods (结算期): ``2024-03``, ``2024Q1``, ``2024H1`` or ``2024``."""
from __future__ import annotations

import re
from datetime import date

_PATTERNS = (
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), "month"),
    (re.compile(r"^(\d{4})Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})H([12])$"), "half"),
    (re.compile(r"^(\d{4})$"), "year"),
)


class PeriodError(ValueError):
    """A period label that is none of the accepted forms."""


def normalise_period(text: str) -> str:
    """Return the canonical label, accepting small variations (``2024-3``, ``2024q1``, ``202403``)."""
    raw = str(text).strip().upper()
    m = re.fullmatch(r"(\d{4})[-/.年]?(\d{1,2})月?", raw)
    if m and len(raw) > 4 and 1 <= int(m.group(2)) <= 12:
        raw = f"{m.group(1)}-{int(m.group(2)):02d}"
    for pattern, _kind in _PATTERNS:
        if pattern.match(raw):
            return raw
    raise PeriodError(text)


def period_bounds(label: str) -> tuple[date, date]:
    """First and last day of a period."""
    label = normalise_period(label)
    year = int(label[:4])
    if len(label) == 4:
        return date(year, 1, 1), date(year, 12, 31)
    if label[4] == "-":
        first = int(label[5:7])
        last = first
    elif label[4] == "Q":
        first = 3 * int(label[5]) - 2
        last = first + 2
    else:
        first = 1 if label[5] == "1" else 7
        last = first + 5
    end = date(year + (last == 12), last % 12 + 1, 1)
    return date(year, first, 1), date.fromordinal(end.toordinal() - 1)


def period_of_discharge(discharge: date) -> str:
    """The default period of a batch: the month of its latest discharge."""
    return f"{discharge.year:04d}-{discharge.month:02d}"
