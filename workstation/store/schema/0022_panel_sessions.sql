-- 0022: expert panel sessions (专家评审会): an agenda of applications whose panels are drawn,
-- the experts absent, the times each item was taken, and which vote was taken in which session.
-- The votes themselves stay in panel_members (services.review.vote); the conclusion in the
-- review workflow (services.review.conclude). Every change is also an audit event.

CREATE TABLE panel_sessions (
    id INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL,                  -- date of the meeting
    title TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'closed')),
    started_at TEXT,                        -- the first item taken
    closed_at TEXT,
    minutes_sha256 TEXT,                    -- of the minutes printed at closing
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

-- The agenda: one row per application, in the order taken.
CREATE TABLE panel_session_items (
    session_id INTEGER NOT NULL REFERENCES panel_sessions (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    position INTEGER NOT NULL,              -- 1, 2, … (by deadline when added, or by hand)
    review_round INTEGER NOT NULL,          -- the panel round the session reviews
    status TEXT NOT NULL DEFAULT 'waiting'
        CHECK (status IN ('waiting', 'open', 'decided', 'deferred')),
    started_at TEXT,
    ended_at TEXT,
    outcome TEXT,                           -- domain.review.panel.Outcome at the end
    note TEXT,                              -- why deferred (no quorum, no majority, …)
    summary TEXT,                           -- the reviewer's summary shown to the panel
    PRIMARY KEY (session_id, application_id)
);
CREATE INDEX panel_session_items_application ON panel_session_items (application_id);

-- Invited experts (members of the agenda's panels) who do not attend.
CREATE TABLE panel_session_absences (
    session_id INTEGER NOT NULL REFERENCES panel_sessions (id),
    expert_id INTEGER NOT NULL REFERENCES experts (id),
    reason TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (session_id, expert_id)
);

-- Which votes were taken in the session, and whether entered on the expert's behalf.
CREATE TABLE panel_session_votes (
    session_id INTEGER NOT NULL REFERENCES panel_sessions (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    expert_id INTEGER NOT NULL REFERENCES experts (id),
    vote TEXT NOT NULL,
    on_behalf INTEGER NOT NULL,             -- 1: the secretary entered it in the room
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (session_id, application_id, expert_id)
);
