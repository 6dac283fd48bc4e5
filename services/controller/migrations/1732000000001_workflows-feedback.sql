-- Up Migration
-- The DBOS workflow currently driving an episode (the episode ID for the first run, a derived ID
-- for follow-up messages), so interrupt can cancel it and INT-053 can query the identity.
ALTER TABLE episodes ADD COLUMN workflow_id text;
ALTER TABLE episodes ADD COLUMN session_kind text NOT NULL DEFAULT 'agent' CHECK (session_kind IN ('agent', 'benchmark'));

-- A durable step may run again after a crash (at-least-once); its traces carry a key so a
-- replay never records them twice.
ALTER TABLE traces ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX traces_idempotency_idx ON traces (episode_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
ALTER TABLE traces ADD COLUMN feedback_at timestamptz;

ALTER TABLE assets ADD COLUMN path text;
ALTER TABLE assets ADD COLUMN size_bytes bigint;

-- Down Migration
ALTER TABLE assets DROP COLUMN size_bytes;
ALTER TABLE assets DROP COLUMN path;
ALTER TABLE traces DROP COLUMN feedback_at;
DROP INDEX traces_idempotency_idx;
ALTER TABLE traces DROP COLUMN idempotency_key;
ALTER TABLE episodes DROP COLUMN session_kind;
ALTER TABLE episodes DROP COLUMN workflow_id;
