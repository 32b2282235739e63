-- Imported sets in about a third of the bytes, with one index instead of two
-- (issue 20: storing them was most of `keel import`'s time).
--
-- * The key is its 16-byte hash (`key`), not `source:` and 32 hex digits:
--   the hash covers the source already, which has its own column.
-- * No `date` column: it is the first ten characters of `started_at`, and
--   date ranges are ranges of `started_at`.
-- * `data` holds only what no column holds, under short names, without
--   nulls and without a `kind` of "normal"; an own exercise's name is kept
--   (as "own") only when it differs from `exercise_name`. Reads fill the
--   rest from the columns. About 50 bytes a set instead of 370.
--   The `json_valid` CHECK goes: a read that cannot decode `data` reports
--   the row as corrupt, as it does for any other bad value.
-- * One index, UNIQUE (user_id, started_at, key), both keeps a set from
--   being stored twice and serves the date ranges. Equal keys have equal
--   starts (the key hashes the start), so it refuses what the old
--   UNIQUE (user_id, source_key) refused; and as exports list workouts in
--   time order, a new set lands at the end of this index, not on a random
--   page of it as with an index of hashes alone.
--
-- Numbers in `data` keep their text through json_object and json_patch, so
-- a weight reads back with the same bits (and its key still agrees).
CREATE TABLE imported_sets_new (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started_at    TEXT    NOT NULL,
    key           BLOB    NOT NULL,
    source        TEXT    NOT NULL CHECK (source IN ('strong', 'hevy')),
    exercise      TEXT,
    exercise_name TEXT    NOT NULL,
    data          TEXT    NOT NULL,
    imported_at   INTEGER NOT NULL,
    UNIQUE (user_id, started_at, key)
) STRICT;

INSERT INTO imported_sets_new
    (id, user_id, started_at, key, source, exercise, exercise_name, data, imported_at)
SELECT id, user_id, started_at,
       unhex(substr(source_key, length(source) + 2)),
       source, exercise, exercise_name,
       -- The short names of `Rest` (src/sqlite/imported_row.rs); json_patch
       -- onto {} drops the members that are null.
       json_patch('{}', json_object(
           'w', data -> '$.workout',
           'ws', data -> '$.workout_seconds',
           'own', CASE WHEN data ->> '$.exercise.own' IS NOT exercise_name
                       THEN data -> '$.exercise.own' END,
           'p', data -> '$.position',
           'k', CASE WHEN data ->> '$.kind' IS NOT 'normal' THEN data -> '$.kind' END,
           'kg', data -> '$.weight_kg',
           'r', data -> '$.reps',
           's', data -> '$.seconds',
           'm', data -> '$.metres',
           'rpe', data -> '$.rpe',
           'n', data -> '$.notes',
           'wn', data -> '$.workout_notes'
       )),
       imported_at
FROM imported_sets;

DROP TABLE imported_sets;
ALTER TABLE imported_sets_new RENAME TO imported_sets;
