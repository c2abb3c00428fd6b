"""Money is integer fen (分). Parsing and formatting live here, nowhere else.

Amounts arrive as text such as ``12345.6``, ``12,345.60``, ``¥12345.6``,
``￥1,000``, ``1000元``. They are parsed with ``Decimal`` and must have at most
two decimals: ``12.345`` is refused rather than rounded, because a settlement
amount with three decimals means the column is not what we think it is.

The text is read whole, against one grammar (``_AMOUNT``): a currency sign or
``RMB``/``CNY`` before the number, a sign, the digits, and ``元``/``RMB``/``CNY``
after it. Thousands separators (``,`` or ``，``) stand only between groups of three
digits: ``1,2,3`` or ``12,34`` is refused, not read as 123 or 1234. An underscore
(``1_000``, which Python's Decimal would take) and spaces between digits are
refused. Full-width digits (``１２３４.５６``, from Chinese input methods) are read
as their ASCII digits.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．＋－", "0123456789.+-")
_AMOUNT = re.compile(
    r"\s*(?:[¥￥]+|RMB|CNY)?\s*(?P<sign>[+-]?)\s*[¥￥]*"
    r"(?P<number>(?:[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]*)?"  # thousands separators in their places
    r"|[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    r"\s*(?:元|RMB|CNY)?\s*", re.IGNORECASE)


class MoneyError(ValueError):
    """An amount that cannot be read as yuan with at most two decimals."""


def parse_yuan_to_fen(text: object) -> int | None:
    """Parse an amount in yuan to integer fen; empty text gives None.

    >>> parse_yuan_to_fen("¥12,345.6")
    1234560
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise MoneyError(str(text))
    if isinstance(text, int):
        return text * 100
    if isinstance(text, float):
        # Excel cells come as floats: their shortest repr is what the user typed.
        text = repr(text)
    if str(text).strip() == "":
        return None
    shape = _AMOUNT.fullmatch(str(text).translate(_FULL_WIDTH))
    if shape is None:
        raise MoneyError(str(text))
    try:
        value = Decimal(shape["sign"] + shape["number"].replace(",", "").replace("，", ""))
    except InvalidOperation as exc:
        raise MoneyError(str(text)) from exc
    if not value.is_finite():
        raise MoneyError(str(text))
    # An exponent can make the text a number no amount is: 1e1000000 overflows the multiplication
    # below, 1e999997 takes half a minute to become an int, 1e-99999999 rounds to 0. From 10^17
    # yuan on, no amount fits SQLite's 64-bit integers as fen; a digit past the fen is refused
    # anyway (below), and so at once here.
    if value and (value.adjusted() >= 17 or value.adjusted() < -2):
        raise MoneyError(str(text))
    fen = value * 100
    if fen != fen.to_integral_value():
        raise MoneyError(str(text))
    return int(fen)


def fen_to_yuan_text(fen: int | None, thousands: bool = False) -> str:
    """Format fen as yuan with exactly two decimals (``1234560`` -> ``12345.60``)."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    whole_text = f"{whole:,}" if thousands else str(whole)
    return f"{sign}{whole_text}.{cents:02d}"


def fen_to_decimal(fen: int) -> Decimal:
    return Decimal(int(fen)) / 100


def round_fen(amount: Fraction | Decimal | int) -> int:
    """Round an exact amount of fen to whole fen, halves away from zero (四舍五入)."""
    value = Fraction(amount)
    sign = -1 if value < 0 else 1
    whole, rest = divmod(abs(value.numerator), value.denominator)
    if 2 * rest >= value.denominator:
        whole += 1
    return sign * whole
