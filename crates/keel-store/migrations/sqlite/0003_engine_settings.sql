-- The engine's settings (step sizes, pain thresholds, readiness cut-offs...),
-- kept apart from the plan settings so each can evolve on its own.
CREATE TABLE engine_settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    data       TEXT    NOT NULL CHECK (json_valid(data)),
    updated_at INTEGER NOT NULL
) STRICT;
