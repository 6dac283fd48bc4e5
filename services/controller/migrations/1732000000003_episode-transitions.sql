-- Up Migration
-- `queued`: a new episode whose workflow has not yet run its first step.
ALTER TABLE episodes DROP CONSTRAINT episodes_status_check,
  ADD CONSTRAINT episodes_status_check CHECK (status IN ('queued', 'running', 'planned', 'completed', 'failed', 'cancelled'));

-- Every status an episode takes, with the workflow that held it and when (INT-053). A trigger
-- writes the rows, so no code path can change a status without leaving its transition.
CREATE TABLE episode_transitions (
  id bigserial PRIMARY KEY,
  episode_id uuid NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  workflow_id text,
  from_status text,
  to_status text NOT NULL,
  reason text,
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX episode_transitions_episode_idx ON episode_transitions (episode_id, id);

CREATE FUNCTION record_episode_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status OR NEW.workflow_id IS DISTINCT FROM OLD.workflow_id THEN
    INSERT INTO episode_transitions (episode_id, workflow_id, from_status, to_status, reason)
    VALUES (NEW.id, NEW.workflow_id, CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.status END, NEW.status,
            CASE WHEN NEW.status = 'failed' THEN NEW.metadata_vars->>'error' END);
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER episodes_transition AFTER INSERT OR UPDATE OF status, workflow_id ON episodes
  FOR EACH ROW EXECUTE FUNCTION record_episode_transition();

-- Episodes older than this table: their current status as their one known transition.
INSERT INTO episode_transitions (episode_id, workflow_id, from_status, to_status, at)
  SELECT id, workflow_id, NULL, status, updated_at FROM episodes;

-- Down Migration
DROP TRIGGER episodes_transition ON episodes;
DROP FUNCTION record_episode_transition();
DROP TABLE episode_transitions;
UPDATE episodes SET status = 'running' WHERE status = 'queued';
ALTER TABLE episodes DROP CONSTRAINT episodes_status_check,
  ADD CONSTRAINT episodes_status_check CHECK (status IN ('running', 'planned', 'completed', 'failed', 'cancelled'));
