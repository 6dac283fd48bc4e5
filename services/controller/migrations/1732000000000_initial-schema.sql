-- Up Migration
CREATE TABLE episodes (
  id uuid PRIMARY KEY,
  session_id text NOT NULL,
  task text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'planned', 'completed', 'failed', 'cancelled')),
  metadata_vars jsonb NOT NULL DEFAULT '{}'::jsonb,
  plan text,
  todo_list jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX episodes_created_at_idx ON episodes (created_at DESC);
CREATE INDEX episodes_session_id_idx ON episodes (session_id);

CREATE TABLE traces (
  id bigserial PRIMARY KEY,
  episode_id uuid NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  trace_type text NOT NULL CHECK (trace_type IN ('llm_start', 'llm_end', 'tool_start', 'tool_end', 'log', 'error', 'event')),
  name text,
  content text,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  feedback_score smallint CHECK (feedback_score IN (0, 1)),
  feedback_comment text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX traces_episode_id_idx ON traces (episode_id, id);

CREATE TABLE assets (
  id bigserial PRIMARY KEY,
  episode_id uuid NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  asset_type text NOT NULL,
  s3_bucket text NOT NULL,
  s3_key text NOT NULL,
  etag text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (episode_id, s3_bucket, s3_key)
);

-- Down Migration
DROP TABLE assets;
DROP TABLE traces;
DROP TABLE episodes;
