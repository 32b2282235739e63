-- Keel's PostgreSQL schema: outcome measures. A released migration is never
-- edited: change the schema by appending a new file.

-- Each outcome measure taken (NPRS, PSFS, a loaded questionnaire); `data`
-- is the whole keel_core::outcome::Outcome, `date` and `instrument` copies
-- for querying.
CREATE TABLE outcomes (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    date        DATE   NOT NULL,
    instrument  TEXT   NOT NULL,
    data        JSONB  NOT NULL,
    recorded_at BIGINT NOT NULL
);

CREATE INDEX outcomes_by_user_date ON outcomes (user_id, date, id);

-- Questionnaire definitions a user or clinic loaded; loading one with the
-- same id again replaces it.
CREATE TABLE questionnaires (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    instrument  TEXT   NOT NULL,
    data        JSONB  NOT NULL,
    recorded_at BIGINT NOT NULL,
    UNIQUE (user_id, instrument)
);
