-- Keel's PostgreSQL schema v7: no schema change, a repair. Before this
-- version, a set logged after a newer plan version was made went to its
-- day's session of the older version, where the newer plan's journal never
-- saw it. Such a session now belongs to the newest plan version of its user
-- made before its latest set was recorded, as logging a set now moves it (a
-- plan recorded in the same second as the set, as `keel migrate-data`
-- records everything, is not taken to be before it). The log's revision of
-- each user whose session moved moves too. A released migration is never
-- edited: change the schema by appending a new file.
WITH newest AS (
    SELECT se.id, se.user_id,
           (SELECT MAX(p.version) FROM plans AS p
            WHERE p.user_id = se.user_id
              AND p.recorded_at < (SELECT MAX(s.recorded_at) FROM sets AS s
                                   WHERE s.session_id = se.id)) AS version
    FROM sessions AS se
),
moved AS (
    UPDATE sessions AS se
    SET plan_version = newest.version
    FROM newest
    WHERE newest.id = se.id
      AND newest.version IS NOT NULL
      AND COALESCE(se.plan_version, 0) < newest.version
    RETURNING se.user_id
)
UPDATE users SET rev_log = rev_log + 1
WHERE id IN (SELECT user_id FROM moved);
