-- Whether each stored decision halts the program (a red flag), beside its
-- JSON (1: it does). A new plan version starts each chain from the newest
-- decision of an earlier version that is not a halt (docs/method.md 5.6);
-- with this column and the index below that read finds those few rows
-- without decoding the thousands of earlier decisions. Every writer sets
-- it from the decision (keel_store::codec::halts); the readers that decode
-- the JSON check that it agrees. Existing rows are set from their JSON
-- (`Action` is tagged by `kind`).
ALTER TABLE decisions
    ADD COLUMN halt INTEGER NOT NULL DEFAULT 0 CHECK (halt IN (0, 1));
UPDATE decisions SET halt = 1
WHERE json_extract(data, '$.decision.action.kind') = 'halt';

-- Each planned exercise's decisions that are not halts, newest last: the
-- carried read takes the last one of each before a version. Partial on
-- `halt = 0` (not `NOT halt`): SQLite then answers from the index alone.
CREATE INDEX decisions_carried
    ON decisions (user_id, planned_exercise, plan_version, position) WHERE halt = 0;
