-- The login throttle's counts, shared by every `keel serve` process on this
-- database. One row per key ("account:NAME" or "client:ADDRESS") that failed
-- recently or is locked; times are microseconds since the Unix epoch.
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT[] NOT NULL DEFAULT '{}',
    locked_until BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX login_throttle_by_age ON login_throttle (updated_at);
