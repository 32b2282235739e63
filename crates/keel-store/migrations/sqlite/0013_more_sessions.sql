-- A day may hold more than one session (a second walk, an evening
-- session): the first keeps the day's minutes and session RPE, each further
-- one is kept here, in order, as a JSON list of {"minutes", "session_rpe"},
-- so its load adds to the day's and never takes the first one's place.
-- Every existing day has no further session.

ALTER TABLE sessions
    ADD COLUMN more_sessions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(more_sessions));
