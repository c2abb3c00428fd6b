"""Fictional patients: masked-looking names and resident ID numbers that pass the checksum.

ID numbers use the unassigned region code 99, so they are well-formed (the
ISO 7064 MOD 11-2 check digit is right, the birth date and the sex digit match
the case) yet can never be a real person's number.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

SURNAMES = np.array(list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"))
GIVEN = np.array(list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏飞宇浩晨欣怡"))
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
ID_CHECK = np.array(list("10X98765432"))
AREA_CODES = np.array([990102, 990103, 990104, 990105, 990121, 990122, 990123], dtype=np.int64)


def fake_names(rng: np.random.Generator, n: int) -> pd.Series:
    """Names such as 李某华: plainly fictional, and already shaped like a masked name."""
    surname = pd.Series(SURNAMES[rng.integers(0, len(SURNAMES), n)])
    given = pd.Series(GIVEN[rng.integers(0, len(GIVEN), n)])
    return surname + "某" + given


def id_check_digit(first17: np.ndarray) -> np.ndarray:
    """Check characters for int64 numbers of 17 digits."""
    digits = np.empty((len(first17), 17), dtype=np.int64)
    rest = first17.astype(np.int64).copy()
    for position in range(16, -1, -1):
        rest, digits[:, position] = np.divmod(rest, 10)
    return ID_CHECK[(digits * ID_WEIGHTS).sum(axis=1) % 11]


def id_number_is_valid(text: str) -> bool:
    """The checksum test a bureau's system applies (GB 11643)."""
    if len(text) != 18 or not text[:17].isdigit():
        return False
    total = sum(int(ch) * int(w) for ch, w in zip(text[:17], ID_WEIGHTS))
    return ID_CHECK[total % 11] == text[17].upper()


def birth_dates(rng: np.random.Generator, age: np.ndarray, admit: np.ndarray) -> np.ndarray:
    """Birth dates that make the patient exactly ``age`` full years old on the admission day."""
    admit_year = admit.astype("datetime64[Y]").astype(np.int64) + 1970
    admit_month = admit.astype("datetime64[M]").astype(np.int64) % 12 + 1
    admit_day = (admit - admit.astype("datetime64[M]")).astype(np.int64) + 1
    month = rng.integers(1, 13, len(age))
    day = rng.integers(1, 29, len(age))  # 1-28 exists in every month
    later_in_year = (month > admit_month) | ((month == admit_month) & (day > admit_day))
    year = admit_year - age - later_in_year.astype(np.int64)
    return year * 10000 + month * 100 + day  # yyyymmdd as int64


def fake_id_numbers(rng: np.random.Generator, male: np.ndarray, birth_ymd: np.ndarray) -> pd.Series:
    n = len(male)
    area = AREA_CODES[rng.integers(0, len(AREA_CODES), n)]
    # The 17th digit is odd for men and even for women.
    sequence = rng.integers(0, 500, n) * 2 + male.astype(np.int64)
    first17 = area * 10**11 + birth_ymd * 10**3 + sequence
    return pd.Series(first17).astype(str) + pd.Series(id_check_digit(first17))
