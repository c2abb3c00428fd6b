-- 0015: what published group tables carry beyond one weight and one payment standard.
-- Numbered 15, not 14: another branch adds 0014; the runner applies steps by version and
-- does not need the numbers to be contiguous, and no statement here depends on 0014.

-- A payment standard exactly as written (e.g. "1374016.511"): avg_cost_fen is it rounded
-- half-up to the fen, which the engine uses; the load reports every rounding.
ALTER TABLE drg_groups ADD COLUMN avg_cost_text TEXT;
-- Per-level / per-insurance payment standards: JSON list of
-- {"level": 1|2|3|null, "insurance": "employee"|"resident"|null, "fen": int, "text": str, "column": str}.
ALTER TABLE drg_groups ADD COLUMN level_standards TEXT;
-- Per-level coefficients from the group table: JSON list of {"level": 1|2|3, "value": "0.95", "column": str};
-- for that group they take the place of the hospital table's coefficient.
ALTER TABLE drg_groups ADD COLUMN level_coefficients TEXT;
-- Group attributes: 基础病组, 稳定/不稳定病组 (※), 中医优势病组, 单议病组.
ALTER TABLE drg_groups ADD COLUMN base_group INTEGER NOT NULL DEFAULT 0;
ALTER TABLE drg_groups ADD COLUMN stability TEXT;  -- stable | unstable | null (not given)
ALTER TABLE drg_groups ADD COLUMN tcm_advantage INTEGER NOT NULL DEFAULT 0;
ALTER TABLE drg_groups ADD COLUMN single_review INTEGER NOT NULL DEFAULT 0;
-- An odd row's state: ungrouped_row (0 / 未入组), not_paid (weight or standard 0: not paid by
-- DRG there), no_payment_data (no weight, points or standard: benchmark from the cases); null = ordinary.
ALTER TABLE drg_groups ADD COLUMN row_state TEXT;
