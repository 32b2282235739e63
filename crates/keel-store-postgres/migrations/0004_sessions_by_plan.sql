-- Keel's PostgreSQL schema v4: the journal reads only the current plan
-- version's sessions, and their sets by session. A released migration is
-- never edited: change the schema by appending a new file.
CREATE INDEX sessions_by_user_plan ON sessions (user_id, plan_version, date);

-- Sets are read (and cascade-deleted) by session; nothing indexed that yet.
CREATE INDEX sets_by_session ON sets (session_id, number);
