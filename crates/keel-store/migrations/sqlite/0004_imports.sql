-- Training history imported from other apps (Strong, Hevy). Kept apart from
-- the training log: the engine never replays it. `source_key` is the set's
-- stable identity (keel_core::history::ImportedSet::key), so importing the
-- same file twice adds nothing.
CREATE TABLE imported_sets (
    id            INTEGER PRIMARY KEY,
    source_key    TEXT    NOT NULL UNIQUE,
    source        TEXT    NOT NULL CHECK (source IN ('strong', 'hevy')),
    date          TEXT    NOT NULL,
    started_at    TEXT    NOT NULL,
    -- The catalog id, or NULL for one of the user's own exercises.
    exercise      TEXT,
    exercise_name TEXT    NOT NULL,
    data          TEXT    NOT NULL CHECK (json_valid(data)),
    imported_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX imported_sets_by_date ON imported_sets (date, started_at);

-- Exercises named in imports that no catalog name or alias matches.
CREATE TABLE user_exercises (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    created_at INTEGER NOT NULL
) STRICT;
