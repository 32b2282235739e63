-- Keel's SQLite schema v6: a revision of what the user entered, changed by
-- every write but the stored decisions' rewrite, so a server can keep the
-- replayed journal between requests and still see the CLI's writes.
-- A released migration is never edited: change the schema by appending a
-- new file.
CREATE TABLE data_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO data_revision (id, revision) VALUES (1, 0);
