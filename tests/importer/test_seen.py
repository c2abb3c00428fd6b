"""The cases met so far in a file: a numpy table of fingerprints that finds exactly the keys met
before, fingerprint collisions included."""
from __future__ import annotations

import random

import numpy as np
import pytest

from workstation.importer import seen as seen_module
from workstation.importer.seen import SeenCases


def replay(chunks: list[list[str]], capacity: int = 16) -> list[list[int]]:
    """Per chunk, the row each key was first met on earlier (-1: new), as SeenCases answers it."""
    seen, row, answers = SeenCases(capacity), 0, []
    for keys in chunks:
        rows = list(range(row, row + len(keys)))
        row += len(keys)
        earlier = seen.add(keys, rows)
        answers.append([seen.rows[e] if e >= 0 else -1 for e in earlier.tolist()])
    return answers


def expected(chunks: list[list[str]]) -> list[list[int]]:
    first, row, answers = {}, 0, []
    for keys in chunks:
        answers.append([first.get(k, -1) for k in keys])
        for k in keys:
            first.setdefault(k, row)
            row += 1
    return answers


def random_chunks(seed: int, chunks: int = 25, size: int = 400, universe: int = 2000) -> list[list[str]]:
    rng = random.Random(seed)
    return [list(dict.fromkeys(f"8:H{rng.randrange(4):06d}:{rng.randrange(universe)}" for _ in range(size)))
            for _ in range(chunks)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_keys_met_before_are_found_with_the_row_they_were_first_met_on(seed):
    chunks = random_chunks(seed)
    assert replay(chunks) == expected(chunks)
    assert sum(r >= 0 for answer in expected(chunks) for r in answer) > 1000  # many repeats, and growth


@pytest.mark.parametrize("buckets", [1, 3, 50])
def test_keys_sharing_a_fingerprint_stay_different_cases(monkeypatch, buckets):
    """With only a few fingerprints for thousands of keys, every answer is still the exact one."""
    monkeypatch.setattr(seen_module, "_fingerprints",
                        lambda keys: np.array([len(k) % buckets + 1 for k in keys], dtype=np.int64))
    chunks = random_chunks(7, chunks=8, size=120, universe=500)
    assert replay(chunks) == expected(chunks)


def test_an_empty_chunk_and_a_first_chunk():
    seen = SeenCases()
    assert seen.add([], []).tolist() == []
    assert seen.add(["a", "b"], [2, 3]).tolist() == [-1, -1]
    found = seen.add(["b", "c"], [4, 5]).tolist()
    assert found[1] == -1 and seen.rows[found[0]] == 3
