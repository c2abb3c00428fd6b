-- The last point up to which the audit chain was verified on opening (store/audit_guard.py):
-- the next opening verifies only the events after it, and that it is still there unchanged.
CREATE TABLE "audit_checkpoint" (
   "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
   "event_id" INTEGER NOT NULL,
   "events" INTEGER NOT NULL,
   "hash" TEXT NOT NULL,
   "checked_at" TEXT NOT NULL
);

-- Results are derived data, written in a transaction after the import's: a generation per period,
-- raised by each import into it (same transaction as its cases) and copied to results_generation
-- by the recompute that read them (same transaction as its results). A period whose two numbers
-- differ has stale or missing results (a killed recompute, a second writer): brought up to date
-- on the next command or opening (engine/freshness.py). Existing periods start fresh when they
-- have results.
CREATE TABLE "period_generations" (
   "period" TEXT PRIMARY KEY,
   "cases_generation" INTEGER NOT NULL,
   "results_generation" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO period_generations (period, cases_generation, results_generation)
SELECT p.period, 1, CASE WHEN EXISTS (SELECT 1 FROM case_results r WHERE r.period = p.period) THEN 1 ELSE 0 END
FROM (SELECT DISTINCT period FROM cases) AS p;
