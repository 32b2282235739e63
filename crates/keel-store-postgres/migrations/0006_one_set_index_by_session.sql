-- Keel's PostgreSQL schema v6: v4's sets_by_session duplicated the index of
-- the sets' UNIQUE (session_id, number), which the planner uses just the same
-- for reading and cascade-deleting a session's sets; every logged set paid
-- for both. A released migration is never edited: change the schema by
-- appending a new file.
DROP INDEX sets_by_session;
