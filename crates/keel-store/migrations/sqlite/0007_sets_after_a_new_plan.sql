-- Keel's SQLite schema v7: no schema change, a repair. Before this version,
-- a set logged after a newer plan version was made went to its day's
-- session of the older version, where the newer plan's journal never saw
-- it. Such a session now belongs to the newest plan version made before its
-- latest set was recorded, as logging a set now moves it (a plan recorded
-- in the same second as the set is not taken to be before it). The log's
-- revision moves when a session did, so a running server reads it again.
-- A released migration is never edited: change the schema by appending a
-- new file.
UPDATE sessions
SET plan_version = (
    SELECT MAX(p.version) FROM plans AS p
    WHERE p.recorded_at < (SELECT MAX(s.recorded_at) FROM sets AS s
                           WHERE s.session_id = sessions.id)
)
WHERE COALESCE(plan_version, 0) < (
    SELECT COALESCE(MAX(p.version), 0) FROM plans AS p
    WHERE p.recorded_at < (SELECT MAX(s.recorded_at) FROM sets AS s
                           WHERE s.session_id = sessions.id)
);
UPDATE data_revision SET rev_log = rev_log + 1 WHERE id = 1 AND changes() > 0;
