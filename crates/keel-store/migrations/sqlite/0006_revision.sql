-- Keel's SQLite schema v6: how many times each part of what the user
-- entered, and the decisions derived from it, has changed, counted by the same
-- transaction as the change, so a server can keep the replayed journal
-- between requests, see the CLI's writes, and re-read only what moved.
-- A released migration is never edited: change the schema by appending a
-- new file.
CREATE TABLE data_revision (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    rev_setup     INTEGER NOT NULL DEFAULT 0,
    rev_plans     INTEGER NOT NULL DEFAULT 0,
    rev_log       INTEGER NOT NULL DEFAULT 0,
    rev_check_ins INTEGER NOT NULL DEFAULT 0,
    rev_safety    INTEGER NOT NULL DEFAULT 0,
    rev_records   INTEGER NOT NULL DEFAULT 0,
    rev_decisions INTEGER NOT NULL DEFAULT 0
);
INSERT INTO data_revision (id) VALUES (1);
