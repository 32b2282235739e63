-- Keel's PostgreSQL schema v5: each user's revision of what they entered,
-- changed by every write but the stored decisions' rewrite, so a server can
-- keep the replayed journal between requests and still see any other
-- server's or the CLI's writes. A released migration is never edited:
-- change the schema by appending a new file.
ALTER TABLE users ADD COLUMN data_revision BIGINT NOT NULL DEFAULT 0;
