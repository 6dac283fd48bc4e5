-- Up Migration
-- Follow-up messages as rows: a message accepted with 202 waits here until a workflow of its
-- episode takes it (consumed_by names that taking, a durable step), so none is lost between
-- turns, after the last turn, or to concurrent senders.
CREATE TABLE episode_messages (
  id bigserial PRIMARY KEY,
  episode_id uuid NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  trace_id bigint REFERENCES traces (id) ON DELETE SET NULL,
  content text NOT NULL,
  consumed_by text,
  consumed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX episode_messages_pending_idx ON episode_messages (episode_id, id) WHERE consumed_by IS NULL;

-- Down Migration
DROP TABLE episode_messages;
