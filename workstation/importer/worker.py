"""Reading and checking chunks in a second process while the first one inserts them.

Why a process and not a thread: reading/checking a chunk and inserting one both
hold the GIL for most of their work, so a second thread was measured slower.
A worker process uses the second core: it reads and checks chunk n+1 while
SQLite inserts chunk n. With a database file and the ADBC driver it also writes
the good rows into staging files (``importer.staging``), which the caller copies
in C, instead of handing them over as arrays to bind. It never touches the
database itself; everything that does (duplicates against the store, the one
transaction) stays with the caller, so a killed or cancelled import is rolled
back exactly as before.

The worker is a plain ``python -c`` child talking over a pipe (``python_child``).
"""
from __future__ import annotations

import contextlib
import io
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator

try:
    import fcntl  # POSIX only: the pipe's size
except ImportError:  # Windows: no worker process (see Worker.wanted)
    fcntl = None  # type: ignore[assignment]  # its one use is inside suppress(AttributeError)

from workstation import python_child
from workstation.domain.jobs import JobControl
from workstation.importer import staging
from workstation.importer.prepare import PreparedChunk, prepare_chunk
from workstation.importer.rows import Layout
from workstation.importer.sources import Source

# Files smaller than this are prepared in-process: starting a Python process (about
# half a second on a busy machine) costs more than the overlap saves.
WORKER_MIN_BYTES = 16 << 20
IN_FLIGHT = 2  # prepared chunks the worker may hold ready: bounds the memory a fast reader uses
POLL_SECONDS = 0.2  # how often a waiting writer looks at cancel
_HEADER = struct.Struct("<Q")  # a message's length, before its pickled bytes
CAN_PIPE_TO_CHILD = os.name == "posix"  # see Worker.wanted


class WorkerDied(RuntimeError):
    """The worker process ended without finishing (killed, out of memory)."""


class Worker:
    """A started worker process, waiting for its job (it imports its modules meanwhile)."""

    @classmethod
    def started(cls) -> Worker:
        """The worker started early (``start_early``) when it is still waiting, else a new one."""
        global _early
        early, _early = _early, None
        if early is not None and early.process.poll() is None:
            return early
        if early is not None:
            early.close()
        return cls()

    def __init__(self) -> None:
        read_end, write_end = os.pipe()
        with contextlib.suppress(AttributeError, OSError):  # Linux: 1 MiB reads instead of 64 KiB ones
            fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 1 << 20)
        self.errors = tempfile.TemporaryFile()
        try:
            self.process = python_child.start(
                f"from workstation.importer.worker import serve; serve({write_end})",
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self.errors, pass_fds=(write_end,))
        except BaseException:
            os.close(read_end)
            self.errors.close()
            raise
        finally:
            os.close(write_end)  # the child's copy is the only writer now: its end means end of file
        self.channel = io.FileIO(read_end, "rb")

    @staticmethod
    def wanted(source: Source) -> bool:
        # On Windows a pipe can neither be handed to a child by number (pass_fds) nor waited on
        # with select(): the file is prepared in-process there (and in a frozen build).
        return source.size >= WORKER_MIN_BYTES and python_child.available() and CAN_PIPE_TO_CHILD

    def close(self) -> None:
        """End the worker (at once if it is still reading: its work is of no use now)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdin and not self.process.stdin.closed:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        self.channel.close()
        self.errors.close()

    def died(self) -> WorkerDied:
        self.process.wait()
        self.errors.seek(0)
        tail = self.errors.read().decode("utf-8", "replace")[-2000:]
        return WorkerDied(f"the import worker ended early (exit code {self.process.returncode}): {tail}")


_early: Worker | None = None


def start_early() -> None:
    """Start a worker before the caller's own imports (the command line's ``import``: about a
    second of them), so that the worker's (about 0.4 s) happen meanwhile, not once the file is
    open. The next big import takes it (``Worker.started``); ``end_early`` ends it unused."""
    global _early
    if _early is None and python_child.available() and CAN_PIPE_TO_CHILD:
        try:
            _early = Worker()
        except OSError:  # no process can be started now: the import starts its own or reads alone
            _early = None


def end_early() -> None:
    """End the worker ``start_early`` started if no import took it (a small file, say)."""
    global _early
    early, _early = _early, None
    if early is not None:
        early.close()


def prepared_chunks(source: Source, layout: Layout, case_keys: list[str], control: JobControl, *,
                    drop_repeats: bool, worker: Worker | None = None,
                    plan: staging.Plan | None = None) -> Iterator[PreparedChunk | staging.StagedFile]:
    """The file's chunks, read and checked, in file order; in a worker process for big files.

    ``drop_repeats``: quarantine cases met earlier in the file while preparing (see
    ``prepare_chunk``'s ``seen``), for a caller that has nothing else to compare them with.
    ``worker``: one started earlier (while the caller did other work); it is closed here.
    ``plan`` (with a worker only): the worker writes the good rows into staging files
    (``importer.staging``); the chunks then carry only the counts, the quarantine and the
    ``plan.key_columns``, and a ``StagedFile`` comes once each file is finished.

    Errors raised while reading (undecodable bytes, say) reach the caller as the same
    exceptions whichever process read the chunk. Leaving the loop early (cancel, an
    error in the caller) ends the worker at once.
    """
    if worker is None and not Worker.wanted(source):
        seen: dict[str, int] | None = {} if drop_repeats else None
        for chunk in source.chunks():
            yield prepare_chunk(chunk, layout, case_keys, seen)
        return
    worker = worker or Worker()
    assert worker.process.stdin is not None, "the worker is started with stdin=PIPE"
    try:
        worker.process.stdin.write(pickle.dumps((source, layout, case_keys, drop_repeats, plan),
                                                protocol=pickle.HIGHEST_PROTOCOL))
        worker.process.stdin.close()
        while True:
            while not select.select([worker.channel], [], [], POLL_SECONDS)[0]:
                control.check()
            try:
                kind, payload = pickle.loads(_receive(worker.channel))
            except EOFError:
                raise worker.died() from None
            if kind in ("chunk", "staged"):
                yield payload
            elif kind == "done":
                break
            else:
                raise payload
    finally:
        worker.close()


def serve(fd: int) -> None:
    """In the worker process: read the job from stdin, send every prepared chunk to ``fd``."""
    source, layout, case_keys, drop_repeats, plan = pickle.load(sys.stdin.buffer)
    seen: dict[str, int] | None = {} if drop_repeats else None
    channel = io.FileIO(fd, "wb")
    # Pickling happens here, writing on a thread (it waits for the writer with the GIL
    # released), so the next chunk is being prepared while one is on its way.
    outbox: queue.Queue[bytes | None] = queue.Queue(IN_FLIGHT)
    sender = threading.Thread(target=_send_all, args=(outbox, channel), daemon=True)
    sender.start()

    def send(kind: str, payload: object) -> None:
        if not sender.is_alive():  # the writer is gone (killed with -9, say): no orphan keeps reading
            os._exit(0)
        outbox.put(pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL))

    try:
        stager = staging.Stager(plan, case_keys, send) if plan is not None else None
        for chunk in source.chunks():
            raw_bytes = staging.chunk_bytes(chunk.table) if stager is not None else 0
            prepared = prepare_chunk(chunk, layout, case_keys, seen)
            if stager is not None:
                stager.stage(prepared, raw_bytes)
            send("chunk", prepared)
        if stager is not None:
            stager.finish()
        send("done", None)
    except BaseException as exc:  # handed to the writer, which raises it in its own process
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        send("error", exc)
    outbox.put(None)
    sender.join()


def _receive(channel: io.FileIO) -> bytearray:
    """One message: its length, then its bytes read straight into one buffer (the pipe
    hands over ~20 MB a chunk; multiprocessing's Connection would copy them twice more)."""
    header = _read_exactly(channel, bytearray(_HEADER.size))
    return _read_exactly(channel, bytearray(_HEADER.unpack(header)[0]))


def _read_exactly(channel: io.FileIO, buffer: bytearray) -> bytearray:
    view, done = memoryview(buffer), 0
    while done < len(buffer):
        got = channel.readinto(view[done:])
        if not got:
            raise EOFError
        done += got
    return buffer


def _send_all(outbox: queue.Queue, channel: io.FileIO) -> None:
    try:
        while (message := outbox.get()) is not None:
            for part in (_HEADER.pack(len(message)), message):
                view, done = memoryview(part), 0
                while done < len(part):
                    done += channel.write(view[done:])
    except OSError:  # broken pipe: the writer's process has ended
        os._exit(0)
    finally:
        channel.close()
