-- The calendar export's state per user: `data` holds the usual training
-- time and, per event UID, the hash of the content last exported and its
-- SEQUENCE (RFC 5545). The feed's secret URL token is kept only as its
-- SHA-256 (hex), unique, so the feed route finds its user by it.
CREATE TABLE calendar (
    user_id           BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    data              JSONB  NOT NULL,
    feed_token_sha256 TEXT   UNIQUE,
    updated_at        BIGINT NOT NULL
);
