-- 0014: printed notices (特例单议审核结果告知书): their settings, number series and issued notices.

-- Settings of the printed reports, one row per key (an administrator changes them with
-- `notice-settings`; each change is an audit event).
CREATE TABLE report_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
INSERT INTO report_settings (key, value, updated_at, updated_by) VALUES
    ('bureau_name', '××市医疗保障局', '2026-12-02T00:00:00.000+00:00', 'migration 0014'),
    ('notice_series', '特议', '2026-12-02T00:00:00.000+00:00', 'migration 0014'),
    ('appeal_body', '××市医疗保障局医药服务管理科', '2026-12-02T00:00:00.000+00:00', 'migration 0014');

-- The last number issued per series and year: 〔2025〕特议第0001号. Numbers only go up.
CREATE TABLE notice_series (
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (series, year)
);
CREATE TRIGGER notice_series_only_up BEFORE UPDATE ON notice_series
WHEN NEW.last_number <= OLD.last_number
BEGIN SELECT RAISE(ABORT, 'a notice number is never reused'); END;

-- One notice per signed decision, numbered at its first printing. `content` is the notice as
-- printed (JSON, personal data already masked); reprints are drawn from it, and its SHA-256 is
-- recorded in the audit event that issued the number, so `verify-notice` can tell years later
-- whether the database still agrees with the paper.
CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL UNIQUE REFERENCES decisions (id),
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    notice_no TEXT NOT NULL UNIQUE,
    verification_code TEXT NOT NULL UNIQUE,  -- from the hash of the decision's signature event
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    issue_event INTEGER NOT NULL,            -- the audit event that issued the number
    UNIQUE (series, year, number)
);
CREATE TRIGGER notices_are_final BEFORE UPDATE ON notices
BEGIN SELECT RAISE(ABORT, 'an issued notice is never edited'); END;
CREATE TRIGGER notices_never_deleted BEFORE DELETE ON notices
BEGIN SELECT RAISE(ABORT, 'issued notices are never deleted'); END;
