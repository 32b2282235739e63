-- The calendar export's state per user: the usual training time ("HH:MM";
-- NULL: the default); per event UID, the hash of the content last exported
-- and its SEQUENCE (RFC 5545); the feed's secret URL token only as its
-- SHA-256 (hex), unique, so the feed route finds its user by it. Each
-- column is written on its own, so a feed being served cannot write back a
-- token revoked meanwhile.
CREATE TABLE calendar (
    user_id           BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    training_time     TEXT,
    events            JSONB  NOT NULL DEFAULT '{}',
    feed_token_sha256 TEXT   UNIQUE,
    updated_at        BIGINT NOT NULL
);
