"""Splitting a case's total cost into the 14 fee categories, exactly, in fen."""
from __future__ import annotations

import numpy as np

from workstation.domain.fields import FEE_KEYS

# Typical shares of each category (formats.md order): medical vs surgical stays.
_MEDICAL = np.array([0.06, 0.01, 0.12, 0.15, 0.12, 0.01, 0.05, 0.05, 0.33, 0.02, 0.05, 0.005,
                     0.001, 0.03])
_SURGICAL = np.array([0.04, 0.01, 0.08, 0.10, 0.10, 0.15, 0.04, 0.25, 0.18, 0.01, 0.02, 0.005,
                      0.001, 0.02])
_CONCENTRATION = 25.0
WESTERN = FEE_KEYS.index("fee_western")
MATERIAL = FEE_KEYS.index("fee_material")
SURGERY = FEE_KEYS.index("fee_surgery")


def split_fees(rng: np.random.Generator, total_fen: np.ndarray, surgical: np.ndarray) -> np.ndarray:
    """An (n, 14) int64 array whose rows add up to ``total_fen`` exactly.

    Shares are Dirichlet draws around the profile; each category is rounded down
    to whole fen and the remainder goes to 西药费, so the sum is exact.
    """
    alpha = np.where(surgical[:, None], _SURGICAL, _MEDICAL) * _CONCENTRATION
    shares = rng.gamma(alpha)
    shares /= shares.sum(axis=1, keepdims=True)
    shares[~surgical, SURGERY] = 0.0  # no operation, no surgery fee
    fees = np.floor(shares * total_fen[:, None]).astype(np.int64)
    fees[:, WESTERN] += total_fen - fees.sum(axis=1)
    return fees


def high_value_part(rng: np.random.Generator, fees: np.ndarray, surgical: np.ndarray) -> np.ndarray:
    """高值耗材费: part of 卫生材料费, mostly in surgical stays."""
    n = len(fees)
    uses = surgical & (rng.random(n) < 0.6) | (rng.random(n) < 0.03)
    share = rng.uniform(0.3, 0.85, n)
    return np.where(uses, np.floor(fees[:, MATERIAL] * share), 0).astype(np.int64)


def fund_part(rng: np.random.Generator, total_fen: np.ndarray, insured_worker: np.ndarray) -> np.ndarray:
    """统筹基金支付: workers' insurance pays a larger share than residents'."""
    n = len(total_fen)
    share = np.where(insured_worker, rng.uniform(0.72, 0.90, n), rng.uniform(0.55, 0.72, n))
    return np.floor(total_fen * share).astype(np.int64)


def plant_mismatch(rng: np.random.Generator, fees: np.ndarray, rows: np.ndarray) -> None:
    """Add 1.50-500 yuan to one category of each row, so it no longer matches the total."""
    columns = rng.integers(0, fees.shape[1], len(rows))
    fees[rows, columns] += rng.integers(150, 50001, len(rows))
