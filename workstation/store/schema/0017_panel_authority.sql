-- Issue 23: a draw nobody chooses, a vote that is its expert's, a conclusion kept in a table.

-- Each draw says where its seed came from ("secrets": drawn by the program; "given": a test's
-- seed), whether it drew a new panel or topped one up, and the written reason of a top-up.
ALTER TABLE expert_draws ADD COLUMN seed_source TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE expert_draws ADD COLUMN kind TEXT NOT NULL DEFAULT 'draw' CHECK (kind IN ('draw', 'top_up'));
ALTER TABLE expert_draws ADD COLUMN reason TEXT;

-- A vote entered from the expert's signed paper form by a reviewer or supervisor is flagged
-- (voted_by keeps who entered it); a vote the expert entered themselves is never replaced by
-- anyone else. A member who cannot sit is marked unavailable (kept, like a recused one).
ALTER TABLE panel_members ADD COLUMN on_behalf INTEGER NOT NULL DEFAULT 0;
ALTER TABLE panel_members ADD COLUMN unavailable INTEGER NOT NULL DEFAULT 0;
UPDATE panel_members SET on_behalf = 1
WHERE vote IS NOT NULL
  AND voted_by IS NOT (SELECT username FROM experts WHERE experts.id = panel_members.expert_id);

-- The panel's conclusion and tally, written in the same transaction as its audit event
-- (review.conclude, event_id): the workflow reads the outcome from here, never from audit JSON.
CREATE TABLE panel_conclusions (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    review_round INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('supported', 'opposed')),
    support INTEGER NOT NULL,
    oppose INTEGER NOT NULL,
    abstain INTEGER NOT NULL,
    members INTEGER NOT NULL,
    concluded_at TEXT NOT NULL,
    concluded_by TEXT NOT NULL,
    event_id INTEGER NOT NULL REFERENCES audit_log (id),
    PRIMARY KEY (application_id, review_round)
);
-- Conclusions already made, from their events (the round: the last drawn before the event).
INSERT OR IGNORE INTO panel_conclusions (application_id, review_round, outcome, support, oppose, abstain, members,
                                         concluded_at, concluded_by, event_id)
SELECT CAST(a.entity_id AS INTEGER),
       (SELECT COALESCE(MAX(d.review_round), 1) FROM expert_draws d
        WHERE d.application_id = CAST(a.entity_id AS INTEGER) AND d.drawn_at <= a.at),
       json_extract(a.after, '$.outcome'), json_extract(a.after, '$.support'), json_extract(a.after, '$.oppose'),
       json_extract(a.after, '$.abstain'), json_extract(a.after, '$.members'), a.at, a.actor, a.id
FROM audit_log a
WHERE a.entity = 'application' AND a.action = 'review.conclude'
ORDER BY a.id;

-- A conclusion is final: kept as written.
CREATE TRIGGER panel_conclusions_no_update BEFORE UPDATE ON panel_conclusions
BEGIN SELECT RAISE(ABORT, 'a panel conclusion is never edited'); END;
CREATE TRIGGER panel_conclusions_no_delete BEFORE DELETE ON panel_conclusions
BEGIN SELECT RAISE(ABORT, 'a panel conclusion is never deleted'); END;

-- Once a round is concluded its members' votes and recusals stay as they were counted.
CREATE TRIGGER panel_members_after_conclusion BEFORE UPDATE ON panel_members
WHEN EXISTS (SELECT 1 FROM panel_conclusions c
             WHERE c.application_id = OLD.application_id AND c.review_round = OLD.review_round)
BEGIN SELECT RAISE(ABORT, 'the panel of a concluded round is never edited'); END;
CREATE TRIGGER panel_members_no_delete BEFORE DELETE ON panel_members
BEGIN SELECT RAISE(ABORT, 'a panel member is never deleted: a recusal is marked'); END;
