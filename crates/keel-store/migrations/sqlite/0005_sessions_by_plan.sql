-- Keel's SQLite schema v5: the journal reads only the current plan version's
-- sessions, so index them by plan version. A released migration is never
-- edited: change the schema by appending a new file.
CREATE INDEX sessions_by_plan ON sessions (plan_version, date);
