-- The last point up to which the audit chain was verified on opening (store/audit_guard.py):
-- the next opening verifies only the events after it, and that it is still there unchanged.
CREATE TABLE "audit_checkpoint" (
   "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
   "event_id" INTEGER NOT NULL,
   "events" INTEGER NOT NULL,
   "hash" TEXT NOT NULL,
   "checked_at" TEXT NOT NULL
);
