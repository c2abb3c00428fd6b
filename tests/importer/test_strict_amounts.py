"""Amounts read strictly: thousands separators only in their places, no underscores; full-width
digits read as digits (issue 18, point 4)."""
from __future__ import annotations

import pyarrow as pa
import pytest

from tests.importer.helpers import case, write_batch
from workstation.domain.money import MoneyError, parse_yuan_to_fen
from workstation.importer.service import import_batch
from workstation.importer.values import parse_money

LOOSE = ["¥1,2,3", "1_000", "12,34", "1,0000.00", "1 000", ",100", "100,", "1,,000"]


@pytest.mark.parametrize("text", LOOSE)
def test_a_misplaced_separator_or_underscore_is_refused(text):
    with pytest.raises(MoneyError):
        parse_yuan_to_fen(text)


@pytest.mark.parametrize("text,fen", [("１２３４.５６", 123456), ("￥１,２３４", 123400), ("1,234,567.89", 123456789),
                                      ("12，345.60", 1234560), ("-¥1,000", -100000)])
def test_well_placed_separators_and_full_width_digits_read(text, fen):
    assert parse_yuan_to_fen(text) == fen


def test_in_a_column_of_good_grouped_amounts_only_the_misplaced_ones_are_bad():
    # Mostly plain, some grouped as exports write them: the column's fast way, and its check.
    texts = ["1,234.50", "100.00", "¥1,2,3", "12,345", "1_000", "99", "1,000,000.01"]
    fen, bad, _empty = parse_money(pa.array(texts))
    assert bad.tolist() == [False, False, True, False, True, False, False]
    assert [int(f) for f, b in zip(fen, bad) if not b] == [123450, 10000, 1234500, 9900, 100000001]


def test_a_batch_quarantines_loose_amounts_with_the_cell_named(db, tmp_path):
    rows = [case(1, total_cost="¥1,2,3"), case(2, total_cost="1_000"), case(3, total_cost="12,345.60"),
            case(4, total_cost="１２３４５.６０")]
    result = import_batch(db, write_batch(tmp_path / "b.csv", rows), actor="tester")
    assert (result.rows_read, result.rows_imported, result.rows_quarantined) == (4, 2, 2)
    assert result.reasons == {"BAD_AMOUNT": 2}
    stored = [r[0] for r in db.execute("SELECT total_cost_fen FROM cases ORDER BY source_row")]
    assert stored == [1234560, 1234560]
    reasons = [r[0] for r in db.execute("SELECT reason FROM quarantine ORDER BY source_row")]
    assert "“¥1,2,3”" in reasons[0] and "“1_000”" in reasons[1]
