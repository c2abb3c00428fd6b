-- 0013: the special-case review workflow (特例单议): accounts, the expert pool,
-- applications and their import, panels and votes, negotiation rounds, decisions.
-- Each step is also an audit event written in the same transaction (store.audit).

-- Local accounts. A store without any account works without signing in (the actor is the
-- --user name); the first account turns sign-in on for the store.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'expert', 'supervisor', 'admin')),
    password_hash TEXT NOT NULL,            -- scrypt$n$r$p$salt$digest (domain.accounts)
    must_change_password INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,                      -- ISO 8601 UTC; set after 5 failed sign-ins
    active INTEGER NOT NULL DEFAULT 1,      -- disabled accounts are kept for the record
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

-- The expert pool (专家库).
CREATE TABLE experts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    specialty TEXT NOT NULL DEFAULT '',
    hospital_codes TEXT NOT NULL DEFAULT '', -- affiliated hospitals, ';'-separated: recused for them
    username TEXT,                            -- the expert's own account, when they vote themselves
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE UNIQUE INDEX experts_username ON experts (username) WHERE username IS NOT NULL;

-- An imported application file (申报表), like a case batch: rows read = accepted + quarantined.
CREATE TABLE application_batches (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_format TEXT,
    encoding TEXT,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_accepted INTEGER NOT NULL,
    rows_quarantined INTEGER NOT NULL
);
CREATE INDEX application_batches_sha ON application_batches (file_sha256);

CREATE TABLE application_quarantine (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES application_batches (id),
    source_row INTEGER NOT NULL,
    reason_code TEXT NOT NULL,
    "column" TEXT,
    reason TEXT NOT NULL,
    reason_en TEXT NOT NULL,
    raw TEXT NOT NULL                       -- JSON: header -> cell, exactly as read
);
CREATE INDEX application_quarantine_batch ON application_quarantine (batch_id);

-- One application per case (特例单议申报). `status` is the workflow's state
-- (domain.review.workflow.Status); its history is the audit log.
CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    case_pk INTEGER NOT NULL UNIQUE REFERENCES cases (id),
    hospital_code TEXT NOT NULL,
    period TEXT NOT NULL,                   -- the case's settlement period (the quota's)
    cycle TEXT NOT NULL,                    -- review cycle of the submission date
    reason TEXT NOT NULL,                   -- LONG_STAY | HIGH_COST | NEW_TECH | CRITICAL | MDT
    statement TEXT NOT NULL,
    requested_method TEXT,
    requested_amount_fen INTEGER,
    documents TEXT,
    submitted_on TEXT NOT NULL,             -- date
    status TEXT NOT NULL,
    status_note TEXT,                       -- e.g. what a return asks the hospital to supply
    quota_override TEXT,                    -- a supervisor's reason for accepting over the quota
    batch_id INTEGER REFERENCES application_batches (id),
    source_row INTEGER,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX applications_period_hospital ON applications (period, hospital_code);
CREATE INDEX applications_status ON applications (status);

-- Conflicts of interest declared by an expert for one application (回避).
CREATE TABLE conflict_declarations (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    expert_id INTEGER NOT NULL REFERENCES experts (id),
    note TEXT,
    declared_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (application_id, expert_id)
);

-- Each draw of experts: the seed and the pool at the time, so it can be replayed.
CREATE TABLE expert_draws (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    review_round INTEGER NOT NULL,          -- 1, then 2 after an appeal (re-review)
    seed TEXT NOT NULL,
    size INTEGER NOT NULL,
    eligible TEXT NOT NULL,                 -- JSON list of expert ids, ascending
    excluded TEXT NOT NULL,                 -- JSON {expert id: reason}
    drawn TEXT NOT NULL,                    -- JSON list of expert ids, in drawn order
    drawn_at TEXT NOT NULL,
    drawn_by TEXT NOT NULL
);
CREATE INDEX expert_draws_application ON expert_draws (application_id);

-- The panel of a review round: one row per drawn expert.
CREATE TABLE panel_members (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    review_round INTEGER NOT NULL,
    expert_id INTEGER NOT NULL REFERENCES experts (id),
    draw_id INTEGER NOT NULL REFERENCES expert_draws (id),
    recused INTEGER NOT NULL DEFAULT 0,     -- declared a conflict after being drawn
    vote TEXT CHECK (vote IN ('support', 'oppose', 'abstain')),
    comment TEXT,
    voted_at TEXT,
    voted_by TEXT,                          -- who entered the vote: the expert, or a reviewer for them
    PRIMARY KEY (application_id, review_round, expert_id)
);

-- Negotiation (协商): a bureau proposal and the hospital's answer per round.
CREATE TABLE negotiation_rounds (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    round INTEGER NOT NULL,
    method TEXT NOT NULL,                   -- by_item | adjust_points | keep_drg
    deductions TEXT NOT NULL DEFAULT '{}',  -- JSON {fee column: fen}
    points TEXT,                            -- exact decimal text, for adjust_points
    amount_fen INTEGER,                     -- an adjusted amount, for adjust_points
    proposal_text TEXT NOT NULL DEFAULT '',
    proposed_at TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    answer TEXT CHECK (answer IN ('agree', 'counter', 'disagree')),
    counter_amount_fen INTEGER,
    answer_text TEXT,
    answered_at TEXT,
    answered_by TEXT,
    UNIQUE (application_id, round)
);

-- Decisions: drafted by one user, signed by a supervisor who is not the drafter. A notified
-- decision is never edited; a correction is a new decision that `amends` it.
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    method TEXT NOT NULL CHECK (method IN ('by_item', 'adjust_points', 'keep_drg')),
    deductions TEXT NOT NULL DEFAULT '{}',
    points TEXT NOT NULL,                   -- exact decimal text, rounded as the rules say
    payment_fen INTEGER NOT NULL,
    deductions_fen INTEGER NOT NULL DEFAULT 0,
    separate_fen INTEGER NOT NULL DEFAULT 0, -- high-value consumables paid apart
    before_points TEXT NOT NULL,            -- the case's computed points and payment at the draft
    before_payment_fen INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    amends INTEGER REFERENCES decisions (id),
    superseded INTEGER NOT NULL DEFAULT 0,  -- a redraft replaced it before signing
    drafted_at TEXT NOT NULL,
    drafted_by TEXT NOT NULL,
    signed_at TEXT,
    signed_by TEXT,
    sign_event INTEGER,                     -- the audit event of the signature (the notice's code)
    notified_at TEXT,
    notified_by TEXT
);
CREATE INDEX decisions_application ON decisions (application_id);

CREATE TRIGGER decisions_notified_are_final BEFORE UPDATE ON decisions
WHEN OLD.notified_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a notified decision is never edited: amend it'); END;
CREATE TRIGGER decisions_never_deleted BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are never deleted'); END;
