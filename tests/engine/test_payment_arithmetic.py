"""The vectorised payment equals domain.points' exact one for every points value and point value,
whether the sums fit in int64 or need Python's big integers."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.points import estimated_payment_fen
from workstation.engine.detect import _payment

point_values = st.one_of(
    st.fractions(min_value=Fraction(1, 100), max_value=Fraction(1000), max_denominator=10_000),
    # a point value computed from a period's average cost (fen / 10,000)
    st.builds(lambda fen: Fraction(fen, 100 * 100), st.integers(1, 10 ** 9)),
    # numerator and denominator too large for int64 sums: the Python-int path
    st.builds(lambda den, yuan: Fraction(yuan * den + 1, den), st.integers(10 ** 14, 10 ** 18), st.integers(0, 999)),
)


@given(points=st.lists(st.integers(0, 10 ** 9), min_size=1, max_size=40),
       values=st.lists(point_values, min_size=1, max_size=3), decimals=st.integers(0, 4), data=st.data())
def test_payment_matches_the_exact_formula(points, values, decimals, data):
    scale = 10 ** decimals
    period = np.array(data.draw(st.lists(st.integers(0, len(values) - 1), min_size=len(points),
                                         max_size=len(points))), dtype=np.int64)
    got = _payment(np.array(points, dtype=np.int64), period, values, scale)
    expected = [estimated_payment_fen(Fraction(p, scale), values[i]) for p, i in zip(points, period.tolist())]
    assert got.tolist() == expected
