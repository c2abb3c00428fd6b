"""Reading a big recompute's cases in a second process.

Reading a million cases through ``sqlite3`` is Python work (a row object per
case, then numpy columns) and holds the GIL: 6 s on the 2-core machine. The
helper reads 90 % of them through the ADBC driver (``store.arrow_read``), which
fills Arrow columns in C on two threads side by side (1.4 s for all), while the
caller finds the readmissions and then reads the rest; it has to be another
process, as the driver brings its own SQLite library and two in one process
undo each other's file locks. Without the
driver (or where it cannot read a column) the helper reads 45 % of the cases
through ``sqlite3`` and the caller the rest (about 3.5 s). The helper only
reads; everything else stays with the caller.

Its connections see what is committed, the caller's sees its own transaction
too (a rules load recomputes inside the transaction that stores the rules).
Cases are only ever appended, by the importer, which commits before it
recomputes; still, both sides note the cases they see (last case id, batches,
cases imported) and the helper's part is thrown away and read here when they
differ. Like the importer's worker it is a plain ``python -c`` child
(``python_child``); a frozen build reads alone.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import tempfile

import numpy as np
import pyarrow as pa

from workstation import python_child
from workstation.domain.rules import Rules

# The helper's share of the ids when it reads through sqlite3 like this process: it also starts
# Python and hands its columns over, so an even split left this process waiting for it (1M
# cases: 0.5 s at one half). Through ADBC (store.arrow_read) it reads on two threads, four
# times as fast: it takes 90 %, and this process, done with the readmissions while the helper
# is still starting, reads the last 10 % meanwhile (1M cases: 0.5 s; with a larger share the
# three readers contend for the two cores and it waits longer).
HELPER_SHARE = 0.45
HELPER_SHARE_THROUGH_ADBC = 0.9


def share() -> float:
    from workstation.store import arrow_read

    return HELPER_SHARE_THROUGH_ADBC if arrow_read.available() else HELPER_SHARE


HELP_FROM_CASES = 200_000  # below this, starting a process (0.3-0.5 s) costs more than it saves


def wanted(cases: int) -> bool:
    return cases >= HELP_FROM_CASES and python_child.available()


class ReadHelper:
    """A started helper process; it imports its modules while the caller works."""

    CODE = "from workstation.engine.read_helper import serve; serve()"

    def __init__(self, path: str) -> None:
        """Start a helper that will read the database file at ``path``."""
        self.path = path
        self.errors = tempfile.TemporaryFile()
        self.process = python_child.start(self.CODE, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=self.errors)

    def send(self, rules: Rules, parts: list) -> bool:
        """Give the helper its parts: it starts reading at once. False when it has already ended
        (then the caller reads them)."""
        assert self.process.stdin is not None, "the helper is started with stdin=PIPE"
        try:
            self.process.stdin.write(pickle.dumps((self.path, rules, parts), protocol=pickle.HIGHEST_PROTOCOL))
            self.process.stdin.close()
            return True
        except OSError:  # a broken pipe: the helper died before its job arrived
            return False

    def result(self) -> tuple[tuple, list] | None:
        """(the cases it saw, its parts read); None when it failed (the caller reads them then)."""
        assert self.process.stdout is not None, "the helper is started with stdout=PIPE"
        try:
            data = self.process.stdout.read()
            self.process.wait()
            if self.process.returncode != 0 or not data:
                return None
            seen, packed = pickle.loads(data)
            return seen, [(period, {name: _unpack(column) for name, column in columns.items()})
                          for period, columns in packed]
        except (OSError, EOFError, pickle.UnpicklingError):
            return None
        finally:
            self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream and not stream.closed:
                with contextlib.suppress(OSError):
                    stream.close()
        self.errors.close()


def _pack(column):
    """A text column as (codes, distinct values): a few hundred codes and hospitals stand for a
    million strings, which would cost 0.6 s to pickle one by one. None is code -1. Arrow text
    (as read through ADBC) is dictionary-encoded in C, without a Python string per case."""
    if isinstance(column, (pa.Array, pa.ChunkedArray)):
        encoded = column.dictionary_encode()
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.unify_dictionaries().combine_chunks()
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)
        return ("factorized", codes, np.array(encoded.dictionary.to_pylist(), dtype=object))
    if column.dtype != object:
        return column
    import pandas as pd  # only for a column read through sqlite3 (the helper starts faster without)

    codes, uniques = pd.factorize(column)
    return ("factorized", codes.astype(np.int32), np.asarray(uniques, dtype=object))


def _unpack(column) -> np.ndarray:
    if not isinstance(column, tuple):
        return column
    _, codes, uniques = column
    result = np.full(len(codes), None, dtype=object)
    given = codes >= 0
    result[given] = uniques[codes[given]]
    return result


def serve() -> None:
    """In the helper process: read the job from stdin, write (fingerprint, parts) to stdout."""
    from workstation.domain.outliers import sex_codes
    from workstation.engine.read_cases import fingerprint, read_parts, read_parts_in_threads
    from workstation.store import arrow_read

    path, rules, parts = pickle.load(sys.stdin.buffer)
    sex_table = sex_codes()
    try:  # this process has no sqlite3 connection to the file (see read_parts_in_threads)
        seen, read = read_parts_in_threads(path, rules, parts, sex_table)
    except arrow_read.ArrowReadError:
        from workstation.store.db import open_reader  # (imports sqlite-utils and pandas: only here)

        conn = open_reader(path)
        conn.execute("PRAGMA query_only = 1")
        try:
            conn.execute("BEGIN")  # one snapshot for the fingerprint and the rows
            seen = fingerprint(conn)
            read = read_parts(conn, rules, parts, sex_table)
            conn.execute("COMMIT")
        finally:
            conn.close()
    packed = [(period, {name: _pack(column) for name, column in columns.items()}) for period, columns in read]
    sys.stdout.buffer.write(pickle.dumps((seen, packed), protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    # The caller reads to the end of the pipe, which comes when this process has ended: leave at
    # once, without Python freeing a million objects one by one first (0.2-0.3 s).
    os._exit(0)
