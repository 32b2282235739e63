-- Keel schema v1. A released migration is never edited: change the schema by
-- appending a new file to MIGRATIONS in src/sqlite/migrations.rs.
--
-- Domain values are JSON (serde of the keel-core types); the columns queried
-- or ordered by (dates, versions, kinds) are real columns. Dates are
-- YYYY-MM-DD text, timestamps unix seconds.

-- Single row (id = 1): the onboarding answers.
CREATE TABLE profile (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    data       TEXT    NOT NULL CHECK (json_valid(data)),
    updated_at INTEGER NOT NULL
) STRICT;

-- Single row (id = 1): the user's plan settings; absent means the defaults.
CREATE TABLE settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    data       TEXT    NOT NULL CHECK (json_valid(data)),
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY,
    date        TEXT    NOT NULL
                CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    recorded_at INTEGER NOT NULL,
    input       TEXT    NOT NULL CHECK (json_valid(input))
) STRICT;

CREATE INDEX assessments_by_date ON assessments (date, id);

-- The safety log: red-flag screens and explicit resumes, in the order recorded.
CREATE TABLE safety_events (
    id          INTEGER PRIMARY KEY,
    date        TEXT    NOT NULL
                CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind        TEXT    NOT NULL CHECK (kind IN ('screen', 'resume')),
    -- Why the screen was taken; NULL exactly for resumes.
    context     TEXT    CHECK (context IN ('onboarding', 'pain-entry', 'retest')),
    -- JSON array of red-flag slugs answered yes; empty for resumes.
    flags       TEXT    NOT NULL DEFAULT '[]'
                CHECK (json_valid(flags) AND json_type(flags) = 'array'),
    note        TEXT    NOT NULL DEFAULT '',
    recorded_at INTEGER NOT NULL,
    CHECK ((kind = 'screen') = (context IS NOT NULL))
) STRICT;

-- Plan versions; a new plan is a new row, never an update.
CREATE TABLE plans (
    id            INTEGER PRIMARY KEY,
    version       INTEGER NOT NULL UNIQUE CHECK (version >= 1),
    created_on    TEXT    NOT NULL
                  CHECK (created_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    assessment_id INTEGER REFERENCES assessments (id) ON DELETE RESTRICT,
    program       TEXT    NOT NULL CHECK (json_valid(program)),
    recorded_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX plans_by_assessment ON plans (assessment_id);
