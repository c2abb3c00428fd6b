"""Value spellings: dates, money, codes; the vectorised money parser agrees with the domain's."""
from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.importer.helpers import case, write_batch
from workstation.domain.money import MoneyError, parse_yuan_to_fen
from workstation.importer.service import import_batch
from workstation.importer.values import MAX_ABS_FEN, parse_money


def one_case(db, tmp_path, **changes):
    path = write_batch(tmp_path / "one.csv", [case(1, **changes)])
    result = import_batch(db, path, actor="tester")
    rows = list(db.query("SELECT * FROM cases"))
    return result, (rows[0] if rows else None)


@pytest.mark.parametrize("text", ["2024-03-05", "20240305", "2024/3/5", "2024-03-05 10:22:00",
                                  "2024/03/05 10:22", "45356", "2024年3月5日"])
def test_every_date_spelling(db, tmp_path, text):
    _result, row = one_case(db, tmp_path, admit_date="2024-03-01", discharge_date=text)
    assert row["discharge_date"] == "2024-03-05"
    assert row["los"] == 4


@pytest.mark.parametrize("text,fen", [("12,345.60", 1234560), ("¥12345.6", 1234560), ("￥1,000", 100000),
                                      ("1000元", 100000), ("12345", 1234500), ("0.5", 50),
                                      (" 88.80 ", 8880)])
def test_every_money_spelling(db, tmp_path, text, fen):
    _result, row = one_case(db, tmp_path, total_cost=text)
    assert row["total_cost_fen"] == fen


@pytest.mark.parametrize("field,text,stored", [
    ("sex", "男", 1), ("sex", "女性", 2), ("sex", "F", 2), ("sex", "2", 2),
    ("hospital_level", "三甲", 3), ("hospital_level", "二级", 2), ("hospital_level", "1", 1),
    ("discharge_mode", "1 医嘱离院", 1), ("discharge_mode", "死亡", 5), ("discharge_mode", "9", 9),
    ("new_tech", "是", 1), ("new_tech", "0", 0),
])
def test_coded_values(db, tmp_path, field, text, stored):
    _result, row = one_case(db, tmp_path, **{field: text})
    assert row[field] == stored


def test_code_lists_are_normalised(db, tmp_path):
    _result, row = one_case(db, tmp_path, other_dx="I10.x00； E11.900,J18.000|K29.700")
    assert row["other_dx"] == "I10.x00;E11.900;J18.000;K29.700"


def test_length_of_stay_given_or_computed_at_least_one(db, tmp_path):
    _result, row = one_case(db, tmp_path, admit_date="2024-03-05", discharge_date="2024-03-05")
    assert row["los"] == 1
    db.execute("DELETE FROM cases")
    path = write_batch(tmp_path / "los.csv", [case(2, los="7")])
    import_batch(db, path, actor="tester")
    assert db.execute("SELECT los FROM cases").fetchone()[0] == 7


def vectorised(text: str):
    fen, bad, empty = parse_money(pa.array([text, "1.00"]))  # a neighbour keeps the column mixed
    if bad[0]:
        return "bad"
    return None if empty[0] else int(fen[0])


def reference(text: str):
    try:
        fen = parse_yuan_to_fen(text)
    except MoneyError:
        return "bad"
    if fen is not None and abs(fen) >= MAX_ABS_FEN:
        return "bad"  # the importer's sanity bound (documented in values.py)
    return fen


@settings(max_examples=400, deadline=None)
@given(st.one_of(
    st.text(alphabet="0123456789.,¥￥元 -+eE\n\tRMBCNY，", max_size=14),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.integers(min_value=-10**17, max_value=10**17).map(lambda n: f"{n:,}"),
))
def test_vectorised_money_agrees_with_parse_yuan_to_fen(text):
    assert vectorised(text) == reference(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False), min_size=1,
                max_size=20))
def test_plain_number_columns_take_the_fast_path_and_agree(values):
    texts = [str(v) for v in values]
    fen, bad, _empty = parse_money(pa.array(texts))
    assert not bad.any()
    assert fen.tolist() == [parse_yuan_to_fen(t) for t in texts]


def test_signs_are_found_in_a_slice_of_a_column_and_only_there():
    """A chunk's column may be a slice of a bigger array: the signs it holds are looked for in
    its own cells' bytes, not in its neighbours'."""
    whole = pa.array(["¥1,234.50", "7.00", "8.25", "9.00", "￥3.00"])
    middle = whole.slice(1, 3)
    fen, bad, empty = parse_money(middle)
    assert fen.tolist() == [700, 825, 900] and not bad.any() and not empty.any()
    fen, bad, _ = parse_money(whole.slice(0, 2))
    assert fen.tolist() == [123450, 700] and not bad.any()
    fen, bad, _ = parse_money(whole.slice(3, 2))
    assert fen.tolist() == [900, 300] and not bad.any()


def test_text_columns_bind_the_same_values_whichever_way_they_are_converted():
    """python_strings shares one object per value in repeating columns and converts mostly
    distinct ones plainly (told from a sample first): the values are the file's either way."""
    from workstation.importer.values import python_strings

    columns = [pa.array([f"ZY{i:07d}" for i in range(3000)]),  # distinct: the sample decides
               pa.array(["H001", "H002", None] * 1000),  # repeating: shared objects
               pa.array(["甲"] * 1024 + [f"乙{i}" for i in range(5000)]),  # repeats first, distinct after
               pa.array(["x", None, "y"])]  # shorter than the sample
    for column in columns:
        assert python_strings(column) == column.to_pylist()
    shared = python_strings(columns[1])
    assert shared[0] is shared[3]  # one object per distinct value


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.text(alphabet="0123456789.,¥￥，+-元 e", max_size=12),
    st.decimals(min_value=-10**14, max_value=10**14, places=2, allow_nan=False).map(str),
    st.integers(min_value=-10**15, max_value=10**15).map(lambda n: f"¥{n:,}.5"),
), min_size=1, max_size=30))
def test_every_cell_of_a_mixed_column_reads_as_parse_yuan_to_fen_reads_it(texts):
    """Plain cells are read from the column's bytes, the others the general way: the amounts,
    blanks and refusals are the domain parser's, cell by cell, whatever their neighbours."""
    fen, bad, empty = parse_money(pa.array(texts))
    got = ["bad" if b else None if e else int(f) for f, b, e in zip(fen, bad, empty)]
    assert got == [reference(t) for t in texts]


def always_through_the_expressions(texts: list[str]) -> list:
    import pyarrow.compute as pc

    text = pc.replace_substring_regex(pa.array(texts), r"\s*[;；,，|、]\s*", ";")
    text = pc.replace_substring_regex(text, r";{2,}", ";")
    text = pc.utf8_trim(pc.utf8_trim_whitespace(text), ";")
    return [t or None for t in text.to_pylist()]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="I10.x0E;；,，|、 \t\u3000", max_size=16), min_size=1, max_size=12))
def test_code_lists_read_alike_whether_or_not_the_column_needs_the_expressions(texts):
    """A column already written 'A;B;C' skips the regular expressions; any column reads as if
    every cell went through them."""
    from workstation.importer.values import clean_code_list

    assert clean_code_list(pa.array(texts)).to_pylist() == always_through_the_expressions(texts)
    plain = [t.replace(" ", "").replace(",", "").replace("；", "").replace("，", "").replace("|", "")
             .replace("、", "").replace("\t", "") for t in texts]
    assert clean_code_list(pa.array(plain)).to_pylist() == always_through_the_expressions(plain)


@pytest.mark.parametrize("text", ["1e1000000", "1e999997", "-1e999997", "1e-99999999", "1e17", "0.001e0"])
def test_an_exponent_no_amount_has_is_refused(text):
    # (1e1000000 crashed the import with decimal.Overflow; 1e999997 took half a minute a cell.)
    with pytest.raises(MoneyError):
        parse_yuan_to_fen(text)
    assert vectorised(text) == "bad"


def test_amounts_up_to_the_storable_size_still_read():
    assert parse_yuan_to_fen("1e16") == 10**18
    assert parse_yuan_to_fen("-12,345.6e2") == -123456000
    assert parse_yuan_to_fen("0.01") == 1 and parse_yuan_to_fen("0e-999999") == 0


def test_a_batch_with_such_exponents_imports_its_good_rows_and_quarantines_the_rest(tmp_path):
    from workstation.store.db import open_memory

    rows = [case(i) for i in range(1, 6)]
    rows[1]["total_cost"] = "1e-9999999"  # pyarrow's decimal cast crashed the process on this
    rows[3]["fee_bed"] = "1e1000000"
    result = import_batch(open_memory(), write_batch(tmp_path / "exp.csv", rows), actor="tester")
    assert (result.rows_read, result.rows_imported, result.rows_quarantined) == (5, 3, 2)
    assert result.reasons == {"BAD_AMOUNT": 2}
