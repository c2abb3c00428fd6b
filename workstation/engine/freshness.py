"""Which periods' results are stale: their cases changed after the results were computed.

An import commits its cases, then the period is recomputed in a transaction of its own; a
process killed between the two, or a recompute refused because another program was writing,
left a period with cases and no results, and importing again said "already imported". Each
period carries two generations (migration 16): ``cases_generation``, raised by every import
into it in the import's transaction, and ``results_generation``, set by the recompute to the
generation it read, in the results' transaction. They differ exactly when the results are
stale; the next command or opening brings those periods up to date (services.operations).
"""
from __future__ import annotations

from sqlite_utils import Database


def stale_periods(db: Database) -> list[str]:
    """The periods whose results do not reflect their cases, oldest first."""
    return [row[0] for row in db.execute(
        "SELECT period FROM period_generations WHERE results_generation <> cases_generation ORDER BY period")]


def case_generations(db: Database) -> dict[str, int]:
    """Each period's cases generation, read before the recompute reads its cases."""
    return {period: generation for period, generation in db.execute(
        "SELECT period, cases_generation FROM period_generations")}


def raise_case_generation(db: Database, period: str) -> None:
    """Inside an import's transaction: the period's cases changed."""
    db.execute("INSERT INTO period_generations (period, cases_generation) VALUES (?, 1)"
               " ON CONFLICT (period) DO UPDATE SET cases_generation = cases_generation + 1", [period])


def stamp_results(db: Database, generations: dict[str, int]) -> None:
    """Inside the results' transaction: these periods' results reflect these generations."""
    db.conn.executemany("UPDATE period_generations SET results_generation = ? WHERE period = ?",
                        [(generation, period) for period, generation in generations.items()])
