-- Keel's SQLite schema: kept answers by age. A key's answer is let go
-- KEPT_ANSWER_DAYS (keel-store) after its write, when the user's next answer
-- is kept; the key stays, so a late retry still stores nothing. This index
-- holds only answered keys, so finding the old ones stays one short seek.
-- A released migration is never edited: change the schema by appending a
-- new file.
CREATE INDEX idempotency_answers_by_age
    ON idempotency_keys (user_id, created_at) WHERE status IS NOT NULL;
