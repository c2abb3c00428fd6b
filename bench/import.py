"""Benchmark: importing a 1,000,000-case batch vs the sqlite3 shell's `.import`.

    .venv/bin/python bench/import.py [--cases N] [--dir bench/out] [--repeat 3] [--no-command]

The target: importing the batch (the importer itself, workstation.importer.service.
import_batch) takes at most 2.0x the time of `sqlite3 Y ".mode csv" ".import FILE cases"`
into an empty database, with a peak memory of at most 2 GB (the importer and its
worker process together). The whole `main.py import` command, which then also
recomputes the period's results (the engine's part), is timed and shown next to it.
This is measured, not tested: the numbers are printed, and the generated file is
reused between runs (it is not committed). The machine may be shared: use
--repeat and read the ranges.

The batch comes from `main.py demo` when that command exists; until then from
the small generator below (same columns, Chinese headers, UTF-8).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def generate_batch(path: Path, cases: int, seed: int = 1) -> None:
    """A quick stand-in for `main.py demo`: realistic columns, vectorised with numpy/pyarrow."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from workstation.domain.fields import CASE_FIELDS, FEE_KEYS

    rng = np.random.default_rng(seed)
    n = cases
    hospitals = np.array([f"H{33010000 + i:08d}" for i in range(120)])
    hosp_idx = rng.integers(0, len(hospitals), n)
    admit = np.datetime64("2024-01-01") + rng.integers(0, 85, n).astype("timedelta64[D]")
    stay = rng.integers(0, 40, n)
    discharge = admit + stay.astype("timedelta64[D]")
    cost_fen = rng.lognormal(9.5, 0.8, n).astype(np.int64) * 100 + rng.integers(0, 100, n)
    fee_share = rng.dirichlet(np.ones(14), n)
    fees = (fee_share * cost_fen[:, None]).astype(np.int64)
    fees[:, -1] += cost_fen - fees.sum(axis=1)  # the categories add up to the total

    def yuan(fen: np.ndarray) -> pa.Array:
        whole, cents = np.divmod(fen, 100)
        return pa.array([f"{w}.{c:02d}" for w, c in zip(whole.tolist(), cents.tolist())])

    drgs = np.array([f"{chr(65 + i % 20)}{chr(66 + i % 7)}{10 + i % 80}" for i in range(600)])
    columns: dict[str, pa.Array] = {}
    for field in CASE_FIELDS:
        key = field.key
        if key == "case_id":
            values = pa.array([f"ZY{i:09d}" for i in range(n)])
        elif key == "hospital_code":
            values = pa.array(hospitals[hosp_idx])
        elif key == "hospital_name":
            values = pa.array(np.char.add("示例医院", hosp_idx.astype(str)))
        elif key == "hospital_level":
            values = pa.array(np.array(["三级", "二级", "一级"])[hosp_idx % 3])
        elif key == "patient_id":
            values = pa.array([f"P{x:010d}" for x in rng.integers(0, n, n).tolist()])
        elif key == "patient_name":
            values = pa.array(np.array(["张三", "李四", "王五", "赵六"])[rng.integers(0, 4, n)])
        elif key == "id_number":
            values = pa.array([f"3301{x:014d}" for x in rng.integers(0, 10**13, n).tolist()])
        elif key == "sex":
            values = pa.array(rng.integers(1, 3, n).astype(str))
        elif key == "age":
            values = pa.array(rng.integers(0, 95, n).astype(str))
        elif key == "insurance_type":
            values = pa.array(np.array(["310", "390"])[rng.integers(0, 2, n)])
        elif key == "admit_date":
            values = pa.array(admit.astype(str))
        elif key in ("discharge_date", "settle_date"):
            values = pa.array(discharge.astype(str))
        elif key == "los":
            values = pa.array(np.maximum(stay, 1).astype(str))
        elif key == "discharge_mode":
            values = pa.array(np.array(["1", "1", "1", "2", "4", "5", "9"])[rng.integers(0, 7, n)])
        elif key == "dept":
            values = pa.array(np.array(["心内科", "普外科", "骨科", "呼吸科"])[rng.integers(0, 4, n)])
        elif key in ("main_dx", "main_proc"):
            values = pa.array(np.char.add("I21.", rng.integers(0, 999, n).astype(str)))
        elif key in ("main_dx_name", "drg_name"):
            values = pa.array(np.array(["急性心肌梗死", "肺炎", "骨折"])[rng.integers(0, 3, n)])
        elif key in ("other_dx", "other_proc"):
            values = pa.array(np.array(["", "E11.900", "I10.x00;E78.500"])[rng.integers(0, 3, n)])
        elif key == "drg_code":
            values = pa.array(drgs[rng.integers(0, len(drgs), n)])
        elif key == "total_cost":
            values = yuan(cost_fen)
        elif key.startswith("fee_") and key != "fee_high_value":
            values = yuan(fees[:, FEE_KEYS.index(key)])
        elif key == "fee_high_value":
            values = yuan(fees[:, 7] // 2)
        elif key == "fund_paid":
            values = yuan(cost_fen * 7 // 10)
        elif key == "new_tech":
            values = pa.array((rng.random(n) < 0.01).astype(int).astype(str))
        else:
            raise AssertionError(key)
        columns[field.zh] = values
    table = pa.table(columns)
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))


def make_batch(workdir: Path, cases: int) -> Path:
    target = workdir / f"batch_{cases}.csv"
    if target.exists():
        return target
    demo_dir = workdir / f"demo_{cases}"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", str(demo_dir), "--cases",
                           str(cases), "--seed", "1", "--encoding", "utf-8"],
                          capture_output=True, text=True, cwd=ROOT)
    produced = sorted(demo_dir.glob("*.csv"), key=lambda p: p.stat().st_size) if done.returncode == 0 else []
    if produced:
        shutil.copy(produced[-1], target)  # the settlement batch is the biggest file
        print(f"batch from `main.py demo`: {produced[-1].name}")
    else:
        print("`main.py demo` not available: using the bench's own generator")
        generate_batch(target, cases)
    return target


def timed(command: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time and peak resident memory (bytes) of a child process with its own children.

    The importer reads big files in a worker process (workstation/importer/worker.py) that
    lives as long as the import: the memory of the whole process tree is sampled (every
    0.1 s) and its largest sum reported, or the child's own peak if that is larger.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        finished = threading.Event()
        tree_peak = [0]

        def sample() -> None:
            while not finished.wait(0.1):
                tree_peak[0] = max(tree_peak[0], _tree_rss(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        finished.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(command, process.returncode, out.read().decode(errors="replace"),
                                           err.read().decode(errors="replace"))
    return elapsed, max(tree_peak[0], usage.ru_maxrss * 1024), done


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, frontier = 0, [root]
    while frontier:
        pid = frontier.pop()
        total += rss.get(pid, 0)
        frontier += [child for child, parent in parents.items() if parent == pid]
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each measurement; the machine is shared, so ranges are printed")
    parser.add_argument("--no-command", action="store_true", help="time the importer only, not `main.py import`")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    batch = make_batch(args.dir, args.cases)
    size_mb = batch.stat().st_size / 1e6
    print(f"file: {batch} ({size_mb:.0f} MB)")

    shell_db = args.dir / "shell.db"
    import_db = args.dir / "import.db"
    # (b1) the importer alone (workstation.importer.service.import_batch), in a fresh process:
    # the target is about this one; (b2) the whole command, which also recomputes the derived
    # results of the period (the engine's part, shown for information).
    only_import = ("import sys; from workstation.store.db import open_database;"
                   " from workstation.importer.service import import_batch;"
                   " db = open_database(sys.argv[1]); r = import_batch(db, sys.argv[2], actor='bench');"
                   " db.close(); print(r.summary('en'))")
    commands = {"sqlite3 .import": ["sqlite3", str(shell_db), ".mode csv", f".import {batch} cases"],
                "importer only": [sys.executable, "-c", only_import, str(import_db), str(batch)]}
    if not args.no_command:
        commands["main.py import"] = [sys.executable, str(ROOT / "main.py"), "--db", str(import_db), "--lang",
                                      "en", "--user", "bench", "import", str(batch)]
    runs: dict[str, list[tuple[float, int]]] = {label: [] for label in commands}
    for _ in range(args.repeat):
        for label, command in commands.items():  # interleaved, so a busy spell hits all alike
            for db_file in (shell_db, import_db):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db_file}{suffix}").unlink(missing_ok=True)
            elapsed, peak, done = timed(command)
            if done.returncode:
                print(done.stdout[-500:], done.stderr[-2000:])
                return 1
            if label != "sqlite3 .import" and len(runs[label]) == 0:
                print(f"{label}: {done.stdout.strip()[:300]}")
            runs[label].append((elapsed, peak))
    shell_times = [t for t, _ in runs.pop("sqlite3 .import")]
    shell = sum(shell_times) / len(shell_times)
    print(f"sqlite3 .import: {_span(shell_times)}")
    for label, measured in runs.items():
        times = [t for t, _ in measured]
        ratios = [t / s for t, s in zip(times, shell_times)]
        target = "(target <= 2.0)" if label == "importer only" else "(includes the recompute)"
        print(f"{label:15s}: {_span(times)}   ratio {min(ratios):.2f}-{max(ratios):.2f} {target}"
              f"   mean ratio {sum(times) / len(times) / shell:.2f}"
              f"   peak memory {max(p for _, p in measured) / 2**20:.0f} MiB (target <= 2048 MiB)")
    return 0


def _span(times: list[float]) -> str:
    return f"{min(times):.1f}-{max(times):.1f} s" if len(times) > 1 else f"{times[0]:.1f} s"


if __name__ == "__main__":
    sys.exit(main())
