-- Keel's PostgreSQL schema v2: accounts on the coach server. A released
-- migration is never edited: change the schema by appending a new file.
--
-- Secrets are never stored: passwords as Argon2id PHC strings, session and
-- API tokens as the SHA-256 of the token (hex). Timestamps are unix seconds.

-- A user made by `--user` or `keel migrate-data` has no password (it cannot
-- log in) until an account is added for it or its password is set.
ALTER TABLE users
    ADD COLUMN password_hash TEXT CHECK (password_hash <> ''),
    ADD COLUMN role          TEXT    NOT NULL DEFAULT 'athlete'
                             CHECK (role IN ('athlete', 'coach', 'admin')),
    ADD COLUMN disabled      BOOLEAN NOT NULL DEFAULT FALSE;

-- Browser sessions.
CREATE TABLE auth_sessions (
    token_hash   TEXT   PRIMARY KEY CHECK (length(token_hash) = 64),
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    CHECK (expires_at > created_at)
);

CREATE INDEX auth_sessions_by_user ON auth_sessions (user_id);
CREATE INDEX auth_sessions_by_expiry ON auth_sessions (expires_at);

-- Bearer tokens for the JSON API; revoked ones are kept for the record.
CREATE TABLE api_tokens (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL CHECK (name <> ''),
    token_hash   TEXT   NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);

CREATE INDEX api_tokens_by_user ON api_tokens (user_id, id);

-- A coach's invitation to an athlete, and whether it was accepted.
CREATE TABLE coach_links (
    coach_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    athlete_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status      TEXT   NOT NULL CHECK (status IN ('invited', 'accepted')),
    created_at  BIGINT NOT NULL,
    accepted_at BIGINT,
    UNIQUE (coach_id, athlete_id),
    CHECK (coach_id <> athlete_id),
    CHECK ((status = 'accepted') = (accepted_at IS NOT NULL))
);

CREATE INDEX coach_links_by_athlete ON coach_links (athlete_id);

-- Settings a coach changed for an athlete, for the athlete to see. The
-- record outlives the coach's account (changed_by becomes NULL).
CREATE TABLE settings_changes (
    id         BIGSERIAL PRIMARY KEY,
    athlete_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    changed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    key        TEXT   NOT NULL CHECK (key <> ''),
    old        TEXT   NOT NULL,
    new        TEXT   NOT NULL,
    at         BIGINT NOT NULL
);

CREATE INDEX settings_changes_by_athlete ON settings_changes (athlete_id, id);
