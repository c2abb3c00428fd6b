-- 0021: 协商谈判 of weight and coefficient proposals, and the 意见收集反馈 register.
-- Numbered 21 as assigned; no statement here depends on steps 17-20 of other branches.

-- A negotiation with the hospitals over the proposals of a span of periods.
CREATE TABLE negotiations (
    id INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL,                  -- the meeting's date
    title TEXT NOT NULL,
    span_from TEXT NOT NULL,                -- the proposals' periods
    span_to TEXT NOT NULL,
    threshold TEXT NOT NULL,                -- exact decimal text the proposals were made with
    min_cases INTEGER NOT NULL,
    groups_version_id INTEGER REFERENCES reference_versions (id),  -- the table the proposals were made against
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    adopted_version_id INTEGER REFERENCES reference_versions (id),  -- the version its agreed changes made
    adopted_at TEXT,
    adopted_by TEXT
);

-- Who sat at the table: side is bureau | hospital | expert.
CREATE TABLE negotiation_participants (
    id INTEGER PRIMARY KEY,
    negotiation_id INTEGER NOT NULL REFERENCES negotiations (id),
    side TEXT NOT NULL,
    name TEXT NOT NULL,
    hospital_code TEXT,                     -- for a hospital's representative
    title TEXT                              -- their post, e.g. 医保办主任
);
CREATE INDEX negotiation_participants_negotiation ON negotiation_participants (negotiation_id);

-- A proposal discussed, with its figures as proposed and the agreed outcome.
CREATE TABLE negotiation_items (
    id INTEGER PRIMARY KEY,
    negotiation_id INTEGER NOT NULL REFERENCES negotiations (id),
    kind TEXT NOT NULL,                     -- group | level
    code TEXT NOT NULL,                     -- DRG code, or LEVEL-3
    name TEXT,
    cases INTEGER NOT NULL,
    current_value TEXT NOT NULL,            -- exact decimal text
    proposed_value TEXT NOT NULL,           -- the published implied value
    confidence TEXT NOT NULL,               -- high | medium | low
    outcome TEXT,                           -- agreed | rejected | deferred; null = not decided yet
    agreed_value TEXT,                      -- exact decimal text when agreed
    note TEXT,
    UNIQUE (negotiation_id, code)
);

-- Each hospital's position on an item: agree | disagree | counter (with a value).
CREATE TABLE negotiation_positions (
    item_id INTEGER NOT NULL REFERENCES negotiation_items (id),
    hospital_code TEXT NOT NULL,
    position TEXT NOT NULL,
    counter_value TEXT,
    note TEXT,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (item_id, hospital_code)
);

-- Files of opinions a hospital sent, and the rows refused, as for the applications.
CREATE TABLE opinion_batches (
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
CREATE INDEX opinion_batches_sha ON opinion_batches (file_sha256);
CREATE TABLE opinion_quarantine (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES opinion_batches (id),
    source_row INTEGER NOT NULL,
    reason_code TEXT NOT NULL,
    "column" TEXT,
    reason TEXT NOT NULL,
    reason_en TEXT NOT NULL,
    raw TEXT NOT NULL                       -- JSON: header -> cell, exactly as read (masked text)
);

-- One opinion (意见) of a hospital: received, assigned, answered, published.
CREATE TABLE opinions (
    id INTEGER PRIMARY KEY,
    received_on TEXT NOT NULL,
    hospital_code TEXT NOT NULL,
    topic TEXT NOT NULL,                    -- grouping | weights | rules | workflow | other
    text TEXT NOT NULL,                     -- masked (domain.masking.mask_free_text)
    batch_id INTEGER REFERENCES opinion_batches (id),
    source_row INTEGER,
    assigned_to TEXT,
    assigned_at TEXT,
    answer TEXT,
    answered_by TEXT,
    answered_on TEXT,
    published_in TEXT,                      -- the half-year it was published with, e.g. 2024H1
    published_at TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX opinions_received ON opinions (received_on);

-- The proposals (DRG code or LEVEL-n) an opinion concerns.
CREATE TABLE opinion_links (
    opinion_id INTEGER NOT NULL REFERENCES opinions (id),
    proposal_key TEXT NOT NULL,
    PRIMARY KEY (opinion_id, proposal_key)
);
