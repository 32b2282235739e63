-- Keel's SQLite schema: the keys clients send with their writes
-- (`Idempotency-Key`, or a form's hidden `idempotency_key`). A key is stored
-- in the same transaction as the write it came with, so a crash cannot keep
-- the write without its key; the answer the write got is kept afterwards, and
-- a retry with the same key is answered with it, writing nothing.
-- A released migration is never edited: change the schema by appending a
-- new file.
CREATE TABLE idempotency_keys (
    key          TEXT    PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
    -- SHA-256 of the request (method, path, body), hex: the same key with
    -- another request is refused.
    fingerprint  TEXT    NOT NULL,
    -- The first answer, once kept; NULL while it is not (see the README).
    status       INTEGER CHECK (status BETWEEN 100 AND 599),
    content_type TEXT,
    location     TEXT,
    body         BLOB,
    created_at   INTEGER NOT NULL
) STRICT;
