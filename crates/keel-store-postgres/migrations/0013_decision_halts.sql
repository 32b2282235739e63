-- Whether each stored decision halts the program (a red flag), beside its
-- JSON. A new plan version starts each chain from the newest decision of
-- an earlier version that is not a halt (docs/method.md 5.6); with this
-- column and the index below that read finds those few rows without
-- decoding the thousands of earlier decisions. Every writer sets it from
-- the decision (keel_store::codec::halts): the default is only for the
-- rows already stored, set from their JSON (`Action` is tagged by `kind`),
-- and is dropped after, so a writer that leaves the column out fails
-- instead of storing a halt as a level. The readers that decode the JSON
-- check that it agrees.
ALTER TABLE decisions ADD COLUMN halt BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE decisions SET halt = TRUE WHERE data #>> '{decision,action,kind}' = 'halt';
ALTER TABLE decisions ALTER COLUMN halt DROP DEFAULT;

-- Each planned exercise's decisions that are not halts, newest last: the
-- carried read takes the last one of each before a version.
CREATE INDEX decisions_carried
    ON decisions (user_id, planned_exercise, plan_version, position) WHERE NOT halt;
