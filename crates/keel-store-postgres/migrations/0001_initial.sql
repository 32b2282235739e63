-- Keel's PostgreSQL schema v1. A released migration is never edited: change
-- the schema by appending a new file to MIGRATIONS in src/migrations.rs.
--
-- Many users share one database: every table carries `user_id`, and every
-- uniqueness rule of the single-user SQLite schema holds per user. Domain
-- values are JSONB (serde of the keel-core types); the columns queried or
-- ordered by are real columns, copied from the JSON on write and checked
-- against it on read. Dates are DATE, timestamps unix seconds (BIGINT).

CREATE TABLE users (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT   NOT NULL UNIQUE CHECK (name <> ''),
    created_at BIGINT NOT NULL
);

-- One row per user: the onboarding answers.
CREATE TABLE profile (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    data       JSONB  NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One row per user: the plan settings; absent means the defaults.
CREATE TABLE settings (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    data       JSONB  NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One row per user: the engine settings the user changed.
CREATE TABLE engine_settings (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    data       JSONB  NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE assessments (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    date        DATE   NOT NULL,
    recorded_at BIGINT NOT NULL,
    input       JSONB  NOT NULL
);

CREATE INDEX assessments_by_user_date ON assessments (user_id, date, id);

-- The safety log: red-flag screens and explicit resumes, in the order recorded.
CREATE TABLE safety_events (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    date        DATE   NOT NULL,
    kind        TEXT   NOT NULL CHECK (kind IN ('screen', 'resume')),
    -- Why the screen was taken; NULL exactly for resumes.
    context     TEXT   CHECK (context IN ('onboarding', 'pain-entry', 'retest')),
    -- Red-flag slugs answered yes; empty for resumes.
    flags       JSONB  NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(flags) = 'array'),
    note        TEXT   NOT NULL DEFAULT '',
    recorded_at BIGINT NOT NULL,
    CHECK ((kind = 'screen') = (context IS NOT NULL))
);

CREATE INDEX safety_events_by_user ON safety_events (user_id, id);

-- Plan versions; a new plan is a new row, never an update.
CREATE TABLE plans (
    id            BIGSERIAL PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    version       BIGINT NOT NULL CHECK (version >= 1),
    created_on    DATE   NOT NULL,
    assessment_id BIGINT REFERENCES assessments (id) ON DELETE RESTRICT,
    program       JSONB  NOT NULL,
    recorded_at   BIGINT NOT NULL,
    UNIQUE (user_id, version)
);

CREATE INDEX plans_by_assessment ON plans (assessment_id);

-- One row per user and training day; its sets hang off it.
CREATE TABLE sessions (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    date         DATE   NOT NULL,
    -- The newest plan version when the session was created; NULL when none.
    plan_version BIGINT CHECK (plan_version >= 1),
    minutes      BIGINT CHECK (minutes BETWEEN 0 AND 1440),
    session_rpe  BIGINT CHECK (session_rpe BETWEEN 0 AND 10),
    note         TEXT,
    created_at   BIGINT NOT NULL,
    UNIQUE (user_id, date)
);

-- Logged sets; `data` is the whole LoggedSet, the other columns copies for querying.
CREATE TABLE sets (
    id               BIGSERIAL PRIMARY KEY,
    user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id       BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    -- 1-based position in the session, assigned as the highest plus one.
    number           BIGINT NOT NULL CHECK (number >= 1),
    block            BIGINT NOT NULL CHECK (block >= 1),
    day_kind         TEXT   NOT NULL CHECK (day_kind IN ('a', 'b', 'light', 'rest')),
    planned_exercise TEXT   NOT NULL,
    exercise         TEXT   NOT NULL,
    kind             TEXT   NOT NULL CHECK (kind IN ('normal', 'deload', 'reduced')),
    data             JSONB  NOT NULL,
    recorded_at      BIGINT NOT NULL,
    UNIQUE (session_id, number)
);

CREATE INDEX sets_by_user_slot ON sets (user_id, block, day_kind, planned_exercise);

-- Readiness and next-morning check-ins; append-only.
CREATE TABLE check_ins (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    date        DATE   NOT NULL,
    kind        TEXT   NOT NULL CHECK (kind IN ('readiness', 'morning')),
    data        JSONB  NOT NULL,
    recorded_at BIGINT NOT NULL
);

CREATE INDEX check_ins_by_user_date ON check_ins (user_id, date, id);

-- The engine's decisions replayed for a plan version, in the order taken.
CREATE TABLE decisions (
    id               BIGSERIAL PRIMARY KEY,
    user_id          BIGINT NOT NULL,
    plan_version     BIGINT NOT NULL,
    position         BIGINT NOT NULL CHECK (position >= 0),
    date             DATE   NOT NULL,
    block            BIGINT NOT NULL CHECK (block >= 1),
    day_kind         TEXT   NOT NULL CHECK (day_kind IN ('a', 'b', 'light', 'rest')),
    planned_exercise TEXT   NOT NULL,
    data             JSONB  NOT NULL,
    UNIQUE (user_id, plan_version, position),
    FOREIGN KEY (user_id, plan_version) REFERENCES plans (user_id, version) ON DELETE CASCADE
);

-- History imported from other apps; `source_key` is the set's stable
-- identity, so importing the same file twice adds nothing.
CREATE TABLE imported_sets (
    id            BIGSERIAL PRIMARY KEY,
    user_id       BIGINT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source_key    TEXT      NOT NULL,
    source        TEXT      NOT NULL CHECK (source IN ('strong', 'hevy')),
    date          DATE      NOT NULL,
    started_at    TIMESTAMP NOT NULL,
    -- The catalog id, or NULL for one of the user's own exercises.
    exercise      TEXT,
    exercise_name TEXT      NOT NULL,
    data          JSONB     NOT NULL,
    imported_at   BIGINT    NOT NULL,
    UNIQUE (user_id, source_key)
);

CREATE INDEX imported_sets_by_user_date ON imported_sets (user_id, date, started_at);

-- Exercises named in imports that no catalog name or alias matches; names
-- compare with ASCII case folded (the C collation's lower), as SQLite's NOCASE.
CREATE TABLE user_exercises (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX user_exercises_by_name ON user_exercises (user_id, lower(name COLLATE "C"));
