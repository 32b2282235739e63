-- Every user's training data apart on one file, as on PostgreSQL (whose
-- 0001 schema this follows): each data table gains `user_id`, and what was
-- unique in the file (a day's session, a plan version, an import key, a
-- single-row table) is now unique per user.
--
-- The file's data so far belonged to its one implicit user: it becomes
-- user 1's, the file's owner, a user without a password called 'me'. The
-- first account added while no account has a password becomes that user
-- (keel_store::SqliteStore's add_user), so nothing is lost and nothing
-- changes hands.
--
-- SQLite cannot add a constraint to a table: each table is built anew
-- beside the old one, filled, and the old one dropped (children first, so
-- no ON DELETE CASCADE fires), then the new one takes its name (which
-- rewrites the references to it).

INSERT OR IGNORE INTO users (id, name, created_at)
VALUES (1, 'me', CAST(strftime('%s', 'now') AS INTEGER));

CREATE TABLE profile_new (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    data       TEXT    NOT NULL CHECK (json_valid(data)),
    updated_at INTEGER NOT NULL
) STRICT;
INSERT INTO profile_new SELECT 1, data, updated_at FROM profile;

CREATE TABLE settings_new (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    data       TEXT    NOT NULL CHECK (json_valid(data)),
    updated_at INTEGER NOT NULL
) STRICT;
INSERT INTO settings_new SELECT 1, data, updated_at FROM settings;

CREATE TABLE engine_settings_new (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    data       TEXT    NOT NULL CHECK (json_valid(data)),
    updated_at INTEGER NOT NULL
) STRICT;
INSERT INTO engine_settings_new SELECT 1, data, updated_at FROM engine_settings;

CREATE TABLE assessments_new (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    date        TEXT    NOT NULL
                CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    recorded_at INTEGER NOT NULL,
    input       TEXT    NOT NULL CHECK (json_valid(input))
) STRICT;
INSERT INTO assessments_new SELECT id, 1, date, recorded_at, input FROM assessments;

CREATE TABLE safety_events_new (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    date        TEXT    NOT NULL
                CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind        TEXT    NOT NULL CHECK (kind IN ('screen', 'resume')),
    context     TEXT    CHECK (context IN ('onboarding', 'pain-entry', 'retest')),
    flags       TEXT    NOT NULL DEFAULT '[]'
                CHECK (json_valid(flags) AND json_type(flags) = 'array'),
    note        TEXT    NOT NULL DEFAULT '',
    recorded_at INTEGER NOT NULL,
    CHECK ((kind = 'screen') = (context IS NOT NULL))
) STRICT;
INSERT INTO safety_events_new
SELECT id, 1, date, kind, context, flags, note, recorded_at FROM safety_events;

CREATE TABLE plans_new (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL CHECK (version >= 1),
    created_on    TEXT    NOT NULL
                  CHECK (created_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    assessment_id INTEGER REFERENCES assessments_new (id) ON DELETE RESTRICT,
    program       TEXT    NOT NULL CHECK (json_valid(program)),
    recorded_at   INTEGER NOT NULL,
    UNIQUE (user_id, version)
) STRICT;
INSERT INTO plans_new
SELECT id, 1, version, created_on, assessment_id, program, recorded_at FROM plans;

CREATE TABLE sessions_new (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    date         TEXT    NOT NULL
                 CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    plan_version INTEGER CHECK (plan_version >= 1),
    minutes      INTEGER CHECK (minutes BETWEEN 0 AND 1440),
    session_rpe  INTEGER CHECK (session_rpe BETWEEN 0 AND 10),
    note         TEXT,
    created_at   INTEGER NOT NULL,
    UNIQUE (user_id, date)
) STRICT;
INSERT INTO sessions_new
SELECT id, 1, date, plan_version, minutes, session_rpe, note, created_at FROM sessions;

CREATE TABLE sets_new (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id       INTEGER NOT NULL REFERENCES sessions_new (id) ON DELETE CASCADE,
    number           INTEGER NOT NULL CHECK (number >= 1),
    block            INTEGER NOT NULL CHECK (block >= 1),
    day_kind         TEXT    NOT NULL CHECK (day_kind IN ('a', 'b', 'light', 'rest')),
    planned_exercise TEXT    NOT NULL,
    exercise         TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('normal', 'deload', 'reduced')),
    data             TEXT    NOT NULL CHECK (json_valid(data)),
    recorded_at      INTEGER NOT NULL,
    UNIQUE (session_id, number)
) STRICT;
INSERT INTO sets_new
SELECT id, 1, session_id, number, block, day_kind, planned_exercise, exercise, kind, data,
       recorded_at
FROM sets;

CREATE TABLE check_ins_new (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    date        TEXT    NOT NULL
                CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind        TEXT    NOT NULL CHECK (kind IN ('readiness', 'morning')),
    data        TEXT    NOT NULL CHECK (json_valid(data)),
    recorded_at INTEGER NOT NULL
) STRICT;
INSERT INTO check_ins_new SELECT id, 1, date, kind, data, recorded_at FROM check_ins;

CREATE TABLE decisions_new (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    plan_version     INTEGER NOT NULL,
    position         INTEGER NOT NULL CHECK (position >= 0),
    date             TEXT    NOT NULL
                     CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    block            INTEGER NOT NULL CHECK (block >= 1),
    day_kind         TEXT    NOT NULL CHECK (day_kind IN ('a', 'b', 'light', 'rest')),
    planned_exercise TEXT    NOT NULL,
    data             TEXT    NOT NULL CHECK (json_valid(data)),
    UNIQUE (user_id, plan_version, position),
    FOREIGN KEY (user_id, plan_version) REFERENCES plans_new (user_id, version)
        ON DELETE CASCADE
) STRICT;
INSERT INTO decisions_new
SELECT id, 1, plan_version, position, date, block, day_kind, planned_exercise, data
FROM decisions;

CREATE TABLE imported_sets_new (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source_key    TEXT    NOT NULL,
    source        TEXT    NOT NULL CHECK (source IN ('strong', 'hevy')),
    date          TEXT    NOT NULL,
    started_at    TEXT    NOT NULL,
    exercise      TEXT,
    exercise_name TEXT    NOT NULL,
    data          TEXT    NOT NULL CHECK (json_valid(data)),
    imported_at   INTEGER NOT NULL,
    UNIQUE (user_id, source_key)
) STRICT;
INSERT INTO imported_sets_new
SELECT id, 1, source_key, source, date, started_at, exercise, exercise_name, data, imported_at
FROM imported_sets;

CREATE TABLE user_exercises_new (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL COLLATE NOCASE,
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, name)
) STRICT;
INSERT INTO user_exercises_new SELECT id, 1, name, created_at FROM user_exercises;

CREATE TABLE data_revision_new (
    user_id       INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    rev_setup     INTEGER NOT NULL DEFAULT 0,
    rev_plans     INTEGER NOT NULL DEFAULT 0,
    rev_log       INTEGER NOT NULL DEFAULT 0,
    rev_check_ins INTEGER NOT NULL DEFAULT 0,
    rev_safety    INTEGER NOT NULL DEFAULT 0,
    rev_records   INTEGER NOT NULL DEFAULT 0,
    rev_decisions INTEGER NOT NULL DEFAULT 0
);
INSERT INTO data_revision_new
SELECT 1, rev_setup, rev_plans, rev_log, rev_check_ins, rev_safety, rev_records, rev_decisions
FROM data_revision;

CREATE TABLE idempotency_keys_new (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key          TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    fingerprint  TEXT    NOT NULL,
    status       INTEGER CHECK (status BETWEEN 100 AND 599),
    content_type TEXT,
    location     TEXT,
    body         BLOB,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
) STRICT;
INSERT INTO idempotency_keys_new
SELECT 1, key, fingerprint, status, content_type, location, body, created_at
FROM idempotency_keys;

CREATE TABLE outcomes_new (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    date        TEXT    NOT NULL
                CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    instrument  TEXT    NOT NULL,
    data        TEXT    NOT NULL CHECK (json_valid(data)),
    recorded_at INTEGER NOT NULL
) STRICT;
INSERT INTO outcomes_new SELECT id, 1, date, instrument, data, recorded_at FROM outcomes;

CREATE TABLE questionnaires_new (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    instrument  TEXT    NOT NULL,
    data        TEXT    NOT NULL CHECK (json_valid(data)),
    recorded_at INTEGER NOT NULL,
    UNIQUE (user_id, instrument)
) STRICT;
INSERT INTO questionnaires_new SELECT id, 1, instrument, data, recorded_at FROM questionnaires;

CREATE TABLE calendar_new (
    user_id           INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    training_time     TEXT,
    events            TEXT    NOT NULL DEFAULT '{}',
    -- Unique across users: the feed's URL finds its user by it.
    feed_token_sha256 TEXT    UNIQUE,
    updated_at        INTEGER NOT NULL
);
INSERT INTO calendar_new
SELECT 1, training_time, events, feed_token_sha256, updated_at FROM calendar;

-- Children before parents: dropping a parent first would cascade.
DROP TABLE sets;
DROP TABLE decisions;
DROP TABLE sessions;
DROP TABLE plans;
DROP TABLE assessments;
DROP TABLE profile;
DROP TABLE settings;
DROP TABLE engine_settings;
DROP TABLE safety_events;
DROP TABLE check_ins;
DROP TABLE imported_sets;
DROP TABLE user_exercises;
DROP TABLE data_revision;
DROP TABLE idempotency_keys;
DROP TABLE outcomes;
DROP TABLE questionnaires;
DROP TABLE calendar;

ALTER TABLE profile_new RENAME TO profile;
ALTER TABLE settings_new RENAME TO settings;
ALTER TABLE engine_settings_new RENAME TO engine_settings;
ALTER TABLE assessments_new RENAME TO assessments;
ALTER TABLE safety_events_new RENAME TO safety_events;
ALTER TABLE plans_new RENAME TO plans;
ALTER TABLE sessions_new RENAME TO sessions;
ALTER TABLE sets_new RENAME TO sets;
ALTER TABLE check_ins_new RENAME TO check_ins;
ALTER TABLE decisions_new RENAME TO decisions;
ALTER TABLE imported_sets_new RENAME TO imported_sets;
ALTER TABLE user_exercises_new RENAME TO user_exercises;
ALTER TABLE data_revision_new RENAME TO data_revision;
ALTER TABLE idempotency_keys_new RENAME TO idempotency_keys;
ALTER TABLE outcomes_new RENAME TO outcomes;
ALTER TABLE questionnaires_new RENAME TO questionnaires;
ALTER TABLE calendar_new RENAME TO calendar;

CREATE INDEX assessments_by_user_date ON assessments (user_id, date, id);
CREATE INDEX safety_events_by_user ON safety_events (user_id, id);
CREATE INDEX plans_by_assessment ON plans (assessment_id);
CREATE INDEX sets_by_user_slot ON sets (user_id, block, day_kind, planned_exercise);
CREATE INDEX sessions_by_plan ON sessions (user_id, plan_version, date);
CREATE INDEX check_ins_by_user_date ON check_ins (user_id, date, id);
CREATE INDEX imported_sets_by_user_date ON imported_sets (user_id, date, started_at);
CREATE INDEX outcomes_by_user_date ON outcomes (user_id, date, id);
