-- Keel's PostgreSQL schema v5: how many times each part of what a user
-- entered, and the decisions derived from it, has changed, counted by the same
-- transaction as the change, so a server can keep the replayed journal
-- between requests, see any other server's or the CLI's writes, and
-- re-read only what moved. A released migration is never edited: change
-- the schema by appending a new file.
ALTER TABLE users
    ADD COLUMN rev_setup     BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN rev_plans     BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN rev_log       BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN rev_check_ins BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN rev_safety    BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN rev_records   BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN rev_decisions BIGINT NOT NULL DEFAULT 0;
