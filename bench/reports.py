"""Benchmark: writing 1,000 case notices (target <= 20 s on the 2-core development machine).

    .venv/bin/python bench/reports.py [--notices 1000] [--workers N] [--out bench/out/notices]

Builds a small store with signed, notified decisions (as tests/reports do), issues one notice,
and makes N distinct notices of it (each its own number and verification code, so each QR
code is encoded anew). Times `reports.batch.write_notices`, which `notices --period P` calls:
one PDF per notice, drawn on every core. Printed beside the same pages drawn with a standard
PDF font instead of the embedded CJK subset, so the font's share shows; and the CPU time per
notice, as the wall clock of a shared machine depends on what else runs.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reports.conftest import SUPERVISOR, build_decided  # noqa: E402
from workstation.reports.batch import write_notices  # noqa: E402
from workstation.services.notices import code_of, issue_notice, latest_signed_decision  # noqa: E402
from workstation.store.db import open_database  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and its finished worker processes."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _time(notices, folder: Path, cjk: bool, workers: int | None) -> tuple[float, float]:
    shutil.rmtree(folder, ignore_errors=True)
    start, cpu = time.perf_counter(), _cpu()
    written = write_notices(notices, folder, cjk=cjk, workers=workers)
    assert written == len(notices) == len(list(folder.glob("*.pdf")))
    return time.perf_counter() - start, _cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "notices")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.db")
        decided = build_decided(db)
        start = time.perf_counter()
        notice = issue_notice(db, SUPERVISOR, latest_signed_decision(db, decided.by_item))
        issue = time.perf_counter() - start
        db.close()
    notices = [replace(notice, notice_no=f"〔2026〕特议第{i + 1:04d}号", decision_id=i + 1,
                       verification_code=code_of(hashlib.sha256(str(i).encode()).hexdigest()))
               for i in range(args.notices)]
    n = args.notices
    cjk, cjk_cpu = _time(notices, args.out / "cjk", True, args.workers)
    plain, plain_cpu = _time(notices, args.out / "plain", False, args.workers)
    size = sum(p.stat().st_size for p in (args.out / "cjk").glob("*.pdf")) / n
    print(f"issuing one notice (number, content, audit event): {issue * 1000:.1f} ms")
    print(f"{n} notices with the embedded CJK font: {cjk:.2f} s ({cjk_cpu / n * 1000:.1f} ms CPU each, "
          f"{size / 1024:.0f} KiB each)  target <= 20 s: {'ok' if cjk <= 20 * n / 1000 else 'MISSED'}")
    print(f"{n} notices with Helvetica (not embedded): {plain:.2f} s ({plain_cpu / n * 1000:.1f} ms CPU each); "
          f"the CJK font costs x{cjk_cpu / plain_cpu:.2f} in CPU time")
    print(f"workers: {args.workers or os.cpu_count()}; load average after: {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
