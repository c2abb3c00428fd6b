-- 0020: offline desktops: the store's own id, its backup settings, and review packages moved
-- between desktops (store/backup.py, services/packages).

-- Who this store is, for packages it exports (an application's origin) and imports. One row,
-- made once with a random id; a copied file keeps it (a copy is the same store).
CREATE TABLE store_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    store_id TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO store_identity (id, store_id, created_at)
VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- Desk settings that are not the printed reports': the automatic daily backup and how many to keep.
CREATE TABLE store_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
INSERT INTO store_settings (key, value, updated_at, updated_by) VALUES
    ('backup_daily', '1', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration 0020'),
    ('backup_keep', '14', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration 0020');

-- One imported review package (.drgpkg): which store made it, its audit head, and what it added.
CREATE TABLE package_imports (
    id INTEGER PRIMARY KEY,
    package_sha256 TEXT NOT NULL,
    origin_store TEXT NOT NULL,
    origin_head TEXT NOT NULL,
    exported_at TEXT NOT NULL,
    exported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    summary TEXT NOT NULL                   -- JSON: what was added, skipped, in conflict
);

-- Where an application came from when a package brought it: its store and id there. The stable
-- key between stores is the case's (hospital_code, case_id): one application per case.
CREATE TABLE application_origins (
    application_id INTEGER PRIMARY KEY REFERENCES applications (id),
    origin_store TEXT NOT NULL,
    origin_id INTEGER NOT NULL,
    import_id INTEGER NOT NULL REFERENCES package_imports (id)
);

-- Audit events another store recorded, as its package carried them: kept with their origin and
-- the head of the chain they belong to (verified on import), never edited, never mixed into this
-- store's own chain (whose import event names the package).
CREATE TABLE imported_audit (
    id INTEGER PRIMARY KEY,
    origin_store TEXT NOT NULL,
    origin_event_id INTEGER NOT NULL,
    origin_head TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES package_imports (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    before TEXT,
    after TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (origin_store, origin_event_id)
);
CREATE TRIGGER imported_audit_no_update BEFORE UPDATE ON imported_audit
BEGIN SELECT RAISE(ABORT, 'imported_audit is append-only'); END;
CREATE TRIGGER imported_audit_no_delete BEFORE DELETE ON imported_audit
BEGIN SELECT RAISE(ABORT, 'imported_audit is append-only'); END;

-- What a package would have changed but this store holds otherwise: listed for a supervisor,
-- never applied until resolved (`package resolve ID --keep local|imported --reason R`).
CREATE TABLE package_conflicts (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES package_imports (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL CHECK (kind IN ('vote', 'decision')),
    subject TEXT NOT NULL,                  -- e.g. the expert or the decision it is about
    local TEXT NOT NULL,                    -- JSON
    imported TEXT NOT NULL,                 -- JSON
    resolved_at TEXT,
    resolved_by TEXT,
    kept TEXT CHECK (kept IN ('local', 'imported')),
    reason TEXT,
    UNIQUE (application_id, kind, subject, imported)
);
