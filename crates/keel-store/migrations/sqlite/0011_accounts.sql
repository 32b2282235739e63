-- Accounts on the local file, as on PostgreSQL (keel-store-postgres
-- migrations 0002, 0003, 0010): users with roles and password hashes,
-- browser sessions and API tokens (their SHA-256 only), coach-athlete links,
-- the record of settings a coach changed, and the login throttle's counts.
-- The rules live in keel_store::accounts; these tables only store.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE CHECK (name <> ''),
    created_at    INTEGER NOT NULL,
    -- The Argon2id PHC string; NULL for a user who cannot log in.
    password_hash TEXT    CHECK (password_hash <> ''),
    role          TEXT    NOT NULL DEFAULT 'athlete'
                  CHECK (role IN ('athlete', 'coach', 'admin')),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;

CREATE TABLE auth_sessions (
    token_hash   TEXT    PRIMARY KEY CHECK (length(token_hash) = 64),
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    CHECK (expires_at > created_at)
) STRICT;

CREATE INDEX auth_sessions_by_user ON auth_sessions (user_id);
CREATE INDEX auth_sessions_by_expiry ON auth_sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL CHECK (name <> ''),
    token_hash   TEXT    NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER,
    expires_at   INTEGER CHECK (expires_at IS NULL OR expires_at > created_at)
) STRICT;

CREATE INDEX api_tokens_by_user ON api_tokens (user_id, id);

CREATE TABLE coach_links (
    coach_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    athlete_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status      TEXT    NOT NULL CHECK (status IN ('invited', 'accepted')),
    created_at  INTEGER NOT NULL,
    accepted_at INTEGER,
    UNIQUE (coach_id, athlete_id),
    CHECK (coach_id <> athlete_id),
    CHECK ((status = 'accepted') = (accepted_at IS NOT NULL))
) STRICT;

CREATE INDEX coach_links_by_athlete ON coach_links (athlete_id);

CREATE TABLE settings_changes (
    id         INTEGER PRIMARY KEY,
    athlete_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    changed_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    key        TEXT    NOT NULL CHECK (key <> ''),
    old        TEXT    NOT NULL,
    new        TEXT    NOT NULL,
    at         INTEGER NOT NULL
) STRICT;

CREATE INDEX settings_changes_by_athlete ON settings_changes (athlete_id, id);

-- Times in microseconds since the Unix epoch; failures a JSON array.
CREATE TABLE login_throttle (
    key          TEXT    PRIMARY KEY,
    failures     TEXT    NOT NULL DEFAULT '[]'
                 CHECK (json_valid(failures) AND json_type(failures) = 'array'),
    locked_until INTEGER,
    updated_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX login_throttle_by_age ON login_throttle (updated_at);
