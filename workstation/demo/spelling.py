"""How real exports spell amounts and dates: mostly plain, some with thousands
separators or a ¥ sign, some dates as 20240305 or 2024/3/5. Vectorised, because
a benchmark file has a million rows."""
from __future__ import annotations

import numpy as np
import pandas as pd

PLAIN, THOUSANDS, YEN = 0, 1, 2
MONEY_STYLE_SHARES = np.array([0.92, 0.05, 0.03])
ISO, COMPACT, SLASHED = 0, 1, 2
DATE_STYLE_SHARES = np.array([0.90, 0.06, 0.04])


def money_text(fen: np.ndarray, style: np.ndarray) -> pd.Series:
    """Integer fen -> yuan text in the row's style. Never goes through float."""
    fen = np.asarray(fen, dtype=np.int64)
    yuan, cents = np.divmod(fen, 100)
    yuan_text = pd.Series(yuan).astype(str)
    thousands = style == THOUSANDS
    if thousands.any():
        yuan_text[thousands] = pd.Series(yuan[thousands]).map("{:,}".format).to_numpy()
    text = yuan_text + "." + pd.Series(cents).astype(str).str.zfill(2)
    yen = style == YEN
    if yen.any():
        # ¥12345.6: the trailing zero dropped, as some exports do
        text[yen] = ("¥" + text[yen].str.replace(r"(\.\d)0$", r"\1", regex=True)).to_numpy()
    return text


def date_text(days: np.ndarray, style: np.ndarray) -> pd.Series:
    """datetime64[D] -> text: 2024-03-05, 20240305 or 2024/3/5."""
    text = pd.Series(np.datetime_as_string(days.astype("datetime64[D]"), unit="D"))
    compact = style == COMPACT
    if compact.any():
        text[compact] = text[compact].str.replace("-", "", regex=False).to_numpy()
    slashed = style == SLASHED
    if slashed.any():
        parts = text[slashed].str.split("-", expand=True)
        text[slashed] = (parts[0] + "/" + parts[1].astype(int).astype(str) + "/"
                         + parts[2].astype(int).astype(str)).to_numpy()
    return text


def int_text(values: np.ndarray) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=np.int64)).astype(str)
