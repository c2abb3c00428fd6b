"""The cases met so far in one file, for finding the repeats (DUPLICATE_IN_FILE) chunk by chunk.

Why not a dict: a million (hospital code, case id) keys in a Python dict took the import worker
1.1 s of lookups and inserts on a million-row batch (each missing the CPU cache of a table that
keeps growing, one Python operation at a time, holding the GIL), this 0.5 s. Here each key's 64-bit fingerprint (Python's
own string hash) sits in an open-addressing table of numpy arrays: a chunk's distinct keys are
looked up and added together, a few vectorised probing rounds at most. A fingerprint found again
is compared with the key's own text before the row counts as a repeat: two keys sharing a
fingerprint are two cases, never one.
"""
from __future__ import annotations

import numpy as np

_EMPTY = 0  # no fingerprint is 0 (see _fingerprints)
_SPARSE = 4  # slots per key, at least
_ONE_BY_ONE = 32  # keys still looking for their slot, below which a loop is cheaper than a round


class SeenCases:
    """Keys met so far and the source row each was first met on."""

    # Slots: numpy's zeros are pages the system hands out as they are first written, so a small
    # file costs little; a million keys need one rehash.
    def __init__(self, capacity: int = 1 << 21) -> None:
        self.fingerprints = np.zeros(capacity, dtype=np.int64)  # per slot; _EMPTY when free
        self.entries = np.zeros(capacity, dtype=np.int64)  # per slot: index into keys/rows
        self.keys: list[str] = []  # by entry
        self.rows: list[int] = []  # by entry: the source row the key was first met on

    def add(self, keys: list[str], rows: list[int]) -> np.ndarray:
        """For each of ``keys`` (distinct among themselves): the entry of the same key met
        before, or -1 when it is new (it is added, with its row)."""
        n = len(keys)
        fingerprints = _fingerprints(keys)
        self._reserve(len(self.keys) + n)
        new_entries = np.arange(len(self.keys), len(self.keys) + n, dtype=np.int64)
        # Every key gets an entry number (only the new ones go into the table), before probing:
        # a key of this batch that took a slot is then compared by its text like any other.
        self.keys.extend(keys)
        self.rows.extend(rows)
        return self._probe(fingerprints, new_entries, keys)

    def row_of(self, entries: np.ndarray) -> list[int]:
        return [self.rows[e] for e in entries.tolist()]

    def _probe(self, fingerprints: np.ndarray, new_entries: np.ndarray, keys: list[str] | None) -> np.ndarray:
        """Look each fingerprint up and put the new ones in (``keys`` None: rehashing, all new)."""
        mask = len(self.fingerprints) - 1
        earlier = np.full(len(fingerprints), -1, dtype=np.int64)
        slot = fingerprints & mask
        pending = np.arange(len(fingerprints))
        while len(pending) > _ONE_BY_ONE:
            at = slot[pending]
            current = self.fingerprints[at]
            advance = current != _EMPTY  # occupied by another key: try the next slot
            if keys is not None:
                for i in np.flatnonzero(current == fingerprints[pending]).tolist():
                    entry = int(self.entries[at[i]])
                    if self.keys[entry] == keys[pending[i]]:  # the same key: met before
                        earlier[pending[i]] = entry
                        advance[i] = False
            # Free slots: the first key wanting each takes it; the others look at it again next
            # round (then taken, they move on).
            free = np.flatnonzero(current == _EMPTY)
            taken_at, first = np.unique(at[free], return_index=True)
            winners = pending[free[first]]
            self.fingerprints[taken_at] = fingerprints[winners]
            self.entries[taken_at] = new_entries[winners]
            done = earlier[pending] >= 0
            done[free[first]] = True
            slot[pending[advance]] = (slot[pending[advance]] + 1) & mask
            pending = pending[~done]
        for i in pending.tolist():  # the last few of the longer probe sequences: plain Python
            at = int(slot[i])
            while True:
                current = int(self.fingerprints[at])
                if current == _EMPTY:
                    self.fingerprints[at], self.entries[at] = fingerprints[i], new_entries[i]
                    break
                if keys is not None and current == fingerprints[i] and self.keys[self.entries[at]] == keys[i]:
                    earlier[i] = self.entries[at]
                    break
                at = (at + 1) & mask
        return earlier

    def _reserve(self, count: int) -> None:
        """Keep the table at most a quarter full: short probe sequences, few rounds."""
        if count * _SPARSE <= len(self.fingerprints):
            return
        capacity = len(self.fingerprints)
        while count * _SPARSE > capacity:
            capacity *= 2
        used = np.flatnonzero(self.fingerprints != _EMPTY)
        fingerprints, entries = self.fingerprints[used], self.entries[used]
        self.fingerprints = np.zeros(capacity, dtype=np.int64)
        self.entries = np.zeros(capacity, dtype=np.int64)
        self._probe(fingerprints, entries, None)


def _fingerprints(keys: list[str]) -> np.ndarray:
    """Python's hash of each key (SipHash, 64 bits; stable within the process), 0 moved to 1."""
    fingerprints = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys))
    fingerprints[fingerprints == _EMPTY] = 1
    return fingerprints
