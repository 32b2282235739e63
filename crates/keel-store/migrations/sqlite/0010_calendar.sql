-- Keel's SQLite schema: the calendar export's state. `training_time` is the
-- athlete's usual training time ("HH:MM"; NULL: the default); `events` holds,
-- per event UID, the hash of the content last exported and its SEQUENCE
-- (RFC 5545), so an event the engine changes gets a higher SEQUENCE and the
-- others keep theirs. The feed's secret URL token is kept only as its
-- SHA-256 (hex); NULL: no feed. Each column is written on its own, so a
-- feed being served cannot write back a token revoked meanwhile.
-- A released migration is never edited: change the schema by appending a
-- new file.
CREATE TABLE calendar (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    training_time     TEXT,
    events            TEXT    NOT NULL DEFAULT '{}',
    feed_token_sha256 TEXT    UNIQUE,
    updated_at        INTEGER NOT NULL
);
