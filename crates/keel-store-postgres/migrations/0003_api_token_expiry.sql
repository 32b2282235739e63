-- Keel's PostgreSQL schema v3: API tokens expire. A released migration is
-- never edited: change the schema by appending a new file.
--
-- expires_at is unix seconds; NULL means the token never expires (tokens
-- made before this migration, and `keel token create --no-expiry`).
ALTER TABLE api_tokens
    ADD COLUMN expires_at BIGINT,
    ADD CONSTRAINT api_tokens_expire_after_creation
        CHECK (expires_at IS NULL OR expires_at > created_at);
