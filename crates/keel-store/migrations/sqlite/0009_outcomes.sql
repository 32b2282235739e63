-- Keel's SQLite schema: outcome measures. A released migration is never
-- edited: change the schema by appending a new file.

-- Each outcome measure taken (NPRS, PSFS, a loaded questionnaire); `data`
-- is the whole keel_core::outcome::Outcome, `date` and `instrument` copies
-- for querying.
CREATE TABLE outcomes (
    id          INTEGER PRIMARY KEY,
    date        TEXT    NOT NULL
                CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    instrument  TEXT    NOT NULL,
    data        TEXT    NOT NULL CHECK (json_valid(data)),
    recorded_at INTEGER NOT NULL
) STRICT;

CREATE INDEX outcomes_by_date ON outcomes (date, id);

-- Questionnaire definitions a clinic loaded (`keel outcomes load FILE`);
-- loading one with the same id again replaces it.
CREATE TABLE questionnaires (
    id          INTEGER PRIMARY KEY,
    instrument  TEXT    NOT NULL UNIQUE,
    data        TEXT    NOT NULL CHECK (json_valid(data)),
    recorded_at INTEGER NOT NULL
) STRICT;
