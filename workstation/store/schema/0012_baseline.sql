-- Schema version 12, the baseline: the whole schema of a new workstation database, as
-- literal SQL. It is what migrations 1-11 built (squashed before the first release; a file
-- they made is checked against this one and marked converted, see migrations.py). Frozen:
-- a later change is a further numbered file in this folder, never an edit here.
--
-- Money is integer fen (1/100 yuan); decimals that must stay exact (weights, coefficients)
-- are decimal text; dates are ISO 8601 text; times are ISO 8601 in UTC.

-- The migrations applied to this file (the version is also SQLite's user_version).
CREATE TABLE "schema_migrations" (
   "version" INTEGER PRIMARY KEY,
   "name" TEXT,
   "applied_at" TEXT
);

-- One imported case file.
CREATE TABLE "batches" (
   "id" INTEGER PRIMARY KEY,
   "file_name" TEXT NOT NULL,
   "file_sha256" TEXT NOT NULL,
   "file_size" INTEGER,
   "file_format" TEXT,  -- csv | xlsx
   "encoding" TEXT,
   "delimiter" TEXT,
   "profile" TEXT,  -- column-mapping profile used, if any
   "column_map" TEXT,  -- JSON: source header -> canonical key (null = kept as extra)
   "period" TEXT NOT NULL,
   "imported_at" TEXT NOT NULL,
   "imported_by" TEXT NOT NULL,
   "rows_read" INTEGER NOT NULL,
   "rows_imported" INTEGER NOT NULL,
   "rows_quarantined" INTEGER NOT NULL,
   "rows_already_imported" INTEGER,  -- quarantined because the case was in an earlier batch
   -- A batch's cases are inserted in one transaction by the only writer, so their ids are one
   -- unbroken run: a period is read as the id ranges of its batches (store.case_ranges), not
   -- through an index. A batch that brought no case records an empty run (first > last).
   "first_case_pk" INTEGER,
   "last_case_pk" INTEGER
);
CREATE INDEX "idx_batches_file_sha256" ON "batches" ("file_sha256");
CREATE INDEX "idx_batches_period" ON "batches" ("period");

-- The cases, one row each, with the fields of domain.fields.CASE_FIELDS as they were at this
-- version (a money field is "<key>_fen"). A field added later needs a migration adding its
-- column; a test checks that every field has one.
CREATE TABLE "cases" (
   "id" INTEGER PRIMARY KEY,
   "batch_id" INTEGER NOT NULL REFERENCES "batches"("id"),
   "period" TEXT NOT NULL,
   "source_row" INTEGER NOT NULL,  -- the row number a spreadsheet shows (header = row 1)
   "case_id" TEXT NOT NULL,
   "hospital_code" TEXT NOT NULL,
   "hospital_name" TEXT,
   "hospital_level" INTEGER,
   "patient_id" TEXT NOT NULL,
   "patient_name" TEXT,
   "id_number" TEXT,
   "sex" INTEGER NOT NULL,
   "age" INTEGER NOT NULL,
   "insurance_type" TEXT,
   "admit_date" TEXT NOT NULL,
   "discharge_date" TEXT NOT NULL,
   "los" INTEGER NOT NULL,
   "discharge_mode" INTEGER NOT NULL,
   "dept" TEXT,
   "main_dx" TEXT NOT NULL,
   "main_dx_name" TEXT,
   "other_dx" TEXT,
   "main_proc" TEXT,
   "other_proc" TEXT,
   "drg_code" TEXT,
   "drg_name" TEXT,
   "total_cost_fen" INTEGER NOT NULL,
   "fee_bed_fen" INTEGER,
   "fee_consult_fen" INTEGER,
   "fee_exam_fen" INTEGER,
   "fee_lab_fen" INTEGER,
   "fee_treatment_fen" INTEGER,
   "fee_surgery_fen" INTEGER,
   "fee_nursing_fen" INTEGER,
   "fee_material_fen" INTEGER,
   "fee_western_fen" INTEGER,
   "fee_herbal_fen" INTEGER,
   "fee_patent_fen" INTEGER,
   "fee_general_fen" INTEGER,
   "fee_registration_fen" INTEGER,
   "fee_other_fen" INTEGER,
   "fee_high_value_fen" INTEGER,
   "fund_paid_fen" INTEGER,
   "new_tech" INTEGER,
   "settle_date" TEXT,
   "extra" TEXT  -- JSON of source columns the workstation does not know
);
-- The unique key of a case, case id first: building it is the importer's largest step after
-- its rows, and with the hospital code first nearly every comparison of the sort ties on it
-- (a million cases: 0.8 s instead of 2.0-2.2 s). The importer's look-up gives both columns.
CREATE UNIQUE INDEX "idx_cases_case_id_hospital_code" ON "cases" ("case_id", "hospital_code");
-- No index on batch_id (nothing reads cases by batch) nor on period (read by id ranges):
-- each index adds ~1 s to a million-row import. The patient search uses this one.
CREATE INDEX "idx_cases_patient_id" ON "cases" ("patient_id");

-- Rows an import refused, with why.
CREATE TABLE "quarantine" (
   "id" INTEGER PRIMARY KEY,
   "batch_id" INTEGER NOT NULL REFERENCES "batches"("id"),
   "source_row" INTEGER NOT NULL,  -- the row number a spreadsheet shows (header = row 1)
   "reason_code" TEXT NOT NULL,
   "column" TEXT,  -- the canonical key at fault, when one is
   "reason" TEXT NOT NULL,  -- the message shown to the user (Chinese)
   "reason_en" TEXT,
   "raw" TEXT NOT NULL  -- JSON: source header -> raw text, exactly as read
);
CREATE INDEX "idx_quarantine_batch_id" ON "quarantine" ("batch_id");

-- Reference tables are versioned: a load adds a version and makes it current; older
-- versions stay, so nothing a user loaded is ever lost.
CREATE TABLE "reference_versions" (
   "id" INTEGER PRIMARY KEY,
   "kind" TEXT NOT NULL,  -- groups | hospitals
   "source" TEXT NOT NULL,  -- file name or "bundled: ..."
   "file_sha256" TEXT,
   "label" TEXT,  -- e.g. "北京 2022"
   "loaded_at" TEXT NOT NULL,
   "loaded_by" TEXT NOT NULL,
   "rows" INTEGER NOT NULL,
   "rows_rejected" INTEGER,
   "is_current" INTEGER NOT NULL
);
CREATE TABLE "drg_groups" (
   "version_id" INTEGER NOT NULL REFERENCES "reference_versions"("id"),
   "drg_code" TEXT NOT NULL,
   "drg_name" TEXT NOT NULL,
   "weight" TEXT,  -- exact decimal text, e.g. "5.8"; null when paid by item
   "base_points" TEXT,  -- exact decimal text; null = weight x 100
   "avg_cost_fen" INTEGER,  -- null = computed from the period's cases
   "avg_los" TEXT,
   "payable_by_drg" INTEGER NOT NULL,  -- 0 when the table says 按项目据实支付 or similar
   "note" TEXT,  -- e.g. the text that stood in the weight column
   "extra" TEXT,
   PRIMARY KEY ("version_id", "drg_code")
);
CREATE TABLE "hospitals" (
   "version_id" INTEGER NOT NULL REFERENCES "reference_versions"("id"),
   "hospital_code" TEXT NOT NULL,
   "hospital_name" TEXT,
   "hospital_level" INTEGER,  -- 3 / 2 / 1
   "coefficient" TEXT NOT NULL,  -- exact decimal text, default "1.0"
   "extra" TEXT,
   PRIMARY KEY ("version_id", "hospital_code")
);
CREATE VIEW "current_drg_groups" AS
SELECT g.* FROM drg_groups g
JOIN reference_versions v ON v.id = g.version_id
WHERE v.kind = 'groups' AND v.is_current = 1;
CREATE VIEW "current_hospitals" AS
SELECT h.* FROM hospitals h
JOIN reference_versions v ON v.id = h.version_id
WHERE v.kind = 'hospitals' AND v.is_current = 1;

CREATE TABLE "import_profiles" (
   "name" TEXT PRIMARY KEY,
   "column_map" TEXT NOT NULL,  -- JSON: source header -> canonical key
   "saved_at" TEXT NOT NULL,
   "saved_by" TEXT NOT NULL
);

-- Rule sets (the outlier/points engine): each load is kept; one is current.
CREATE TABLE "rulesets" (
   "id" INTEGER PRIMARY KEY,
   "name" TEXT NOT NULL,
   "source" TEXT NOT NULL,
   "sha256" TEXT NOT NULL,
   "content" TEXT NOT NULL,  -- the merged rules as TOML text, exactly as used
   "loaded_at" TEXT NOT NULL,
   "loaded_by" TEXT NOT NULL,
   "is_current" INTEGER NOT NULL
);

-- Review state of a case.
CREATE TABLE "case_reviews" (
   "case_pk" INTEGER PRIMARY KEY REFERENCES "cases"("id"),
   "status" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "updated_by" TEXT NOT NULL,
   "note" TEXT
);

-- The audit log: append-only, each event carries the hash of the one before.
CREATE TABLE "audit_log" (
   "id" INTEGER PRIMARY KEY,
   "at" TEXT NOT NULL,
   "actor" TEXT NOT NULL,
   "action" TEXT NOT NULL,
   "entity" TEXT NOT NULL,
   "entity_id" TEXT,
   "before" TEXT,  -- JSON
   "after" TEXT,  -- JSON
   "prev_hash" TEXT NOT NULL,
   "hash" TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Derived results, recomputed wholesale and never edited by hand (engine.store_results).
-- What a case's result shares with many others (benchmark, thresholds, weight, coefficient,
-- payment basis, flags) is one row of result_variants - some thousands stand for a million
-- cases; case_results keeps per case what differs or what the queue filters and sorts on.
CREATE TABLE "result_variants" (
   "id" INTEGER PRIMARY KEY,
   "avg_cost_fen" INTEGER,
   "benchmark_source" TEXT,  -- table | computed | none
   "benchmark_n" INTEGER,  -- cases a computed benchmark was averaged over
   "weight" REAL,  -- display and CMI only; exact values live in drg_groups
   "base_points" REAL,
   "coefficient" REAL,
   "high_multiple" TEXT,  -- the k used for HIGH, exact decimal text
   "high_threshold_fen" INTEGER,
   "low_threshold_fen" INTEGER,
   "payment_basis" TEXT,  -- NORMAL | HIGH | LOW | INCOMPLETE | BY_ITEM
   "flags" INTEGER,
   "flag_codes" TEXT
);
CREATE TABLE "case_results" (
   "case_pk" INTEGER PRIMARY KEY REFERENCES "cases"("id"),
   -- copied from the case so the queue filters and sorts without joining cases:
   "period" TEXT, "hospital_code" TEXT, "drg_code" TEXT, "case_id" TEXT, "patient_id" TEXT,
   "discharge_date" TEXT, "los" INTEGER, "total_cost_fen" INTEGER,
   "ruleset_id" INTEGER REFERENCES "rulesets"("id"),
   "variant_id" INTEGER REFERENCES "result_variants"("id"),
   "avg_cost_fen" INTEGER,  -- also in the variant: the queue sorts and filters on it
   "cost_ratio" REAL,  -- total_cost / avg_cost, for display and sorting
   "flags" INTEGER,  -- bit set (workstation.domain.flags); also in the variant
   "points" REAL,  -- rounded to the rules' decimals
   "estimated_payment_fen" INTEGER
);
-- The only index on case_results: a full recompute rebuilds each (0.3-1.3 s a million
-- rows), so the queue reads a period as its id range of the table instead. A recompute
-- builds the new table's indexes under twin names (this one and "..__b", in turn; see
-- migrations.twin_index_name): nothing may refer to an index on case_results by name alone.
CREATE INDEX "idx_case_results_case_id" ON "case_results" ("case_id");
CREATE VIEW "case_results_full" AS
SELECT r.*, v.benchmark_source, v.benchmark_n, v.weight, v.base_points, v.coefficient, v.high_multiple,
       v.high_threshold_fen, v.low_threshold_fen, v.payment_basis, v.flag_codes
FROM case_results r JOIN result_variants v ON v.id = r.variant_id;

-- Written with the results by every recompute, in the same transaction:
-- the hospitals and DRG codes present in each period (the queue's filter lists; kind is
-- hospital | drg), and the number of results per period, hospital and flag set (the queue's
-- counts with no filter but those, from a few thousand rows instead of a scan).
CREATE TABLE "period_codes" (
   "period" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "code" TEXT NOT NULL,
   PRIMARY KEY ("period", "kind", "code")
) WITHOUT ROWID;
CREATE TABLE "result_counts_detail" (
   "period" TEXT NOT NULL,
   "hospital_code" TEXT NOT NULL,
   "flags" INTEGER NOT NULL,
   "cases" INTEGER NOT NULL,
   PRIMARY KEY ("period", "hospital_code", "flags")
) WITHOUT ROWID;
