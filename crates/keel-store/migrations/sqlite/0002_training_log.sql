-- Keel schema v2: the training log. A released migration is never edited.
--
-- As in v1, domain values are JSON (serde of the keel-core types) and the
-- columns queried or ordered by are real columns, copied from the JSON on
-- write and checked against it on read.

-- One row per training day: the after-session answers; its sets hang off it.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    date         TEXT    NOT NULL UNIQUE
                 CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- The newest plan version when the session was created; NULL when none.
    plan_version INTEGER CHECK (plan_version >= 1),
    minutes      INTEGER CHECK (minutes BETWEEN 0 AND 1440),
    session_rpe  INTEGER CHECK (session_rpe BETWEEN 0 AND 10),
    note         TEXT,
    created_at   INTEGER NOT NULL
) STRICT;

-- Logged sets; `data` is the whole LoggedSet, the other columns copies for querying.
CREATE TABLE sets (
    id               INTEGER PRIMARY KEY,
    session_id       INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    -- 1-based position in the session, assigned as the highest plus one.
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

CREATE INDEX sets_by_slot ON sets (block, day_kind, planned_exercise);

-- Readiness (before a session) and next-morning check-ins; append-only, a
-- later one for the same day and kind supersedes an earlier one.
CREATE TABLE check_ins (
    id          INTEGER PRIMARY KEY,
    date        TEXT    NOT NULL
                CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind        TEXT    NOT NULL CHECK (kind IN ('readiness', 'morning')),
    data        TEXT    NOT NULL CHECK (json_valid(data)),
    recorded_at INTEGER NOT NULL
) STRICT;

CREATE INDEX check_ins_by_date ON check_ins (date, id);

-- The engine's decisions replayed for a plan version, in the order taken.
-- Derived data: replaced as a whole whenever the log is replayed.
CREATE TABLE decisions (
    id               INTEGER PRIMARY KEY,
    plan_version     INTEGER NOT NULL REFERENCES plans (version) ON DELETE CASCADE,
    position         INTEGER NOT NULL CHECK (position >= 0),
    date             TEXT    NOT NULL
                     CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    block            INTEGER NOT NULL CHECK (block >= 1),
    day_kind         TEXT    NOT NULL CHECK (day_kind IN ('a', 'b', 'light', 'rest')),
    planned_exercise TEXT    NOT NULL,
    data             TEXT    NOT NULL CHECK (json_valid(data)),
    UNIQUE (plan_version, position)
) STRICT;
