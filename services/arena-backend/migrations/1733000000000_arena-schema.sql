-- Up Migration
CREATE TABLE sessions (
  id text PRIMARY KEY,
  robot_id text NOT NULL,
  scene_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_created_at_idx ON sessions (created_at DESC);

CREATE TABLE battles (
  id text PRIMARY KEY,
  session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  left_model text NOT NULL,
  right_model text NOT NULL CHECK (right_model <> left_model),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX battles_session_id_idx ON battles (session_id, created_at);

-- seq is assigned under the battle's row lock; the unique key makes a duplicate impossible anyway.
CREATE TABLE turns (
  id text PRIMARY KEY,
  battle_id text NOT NULL REFERENCES battles (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq > 0),
  instruction text NOT NULL,
  left_episode_id text NOT NULL UNIQUE,
  right_episode_id text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'completed' CHECK (status IN ('completed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (battle_id, seq)
);

-- A turn whose episode documents may be in the document store without its turn row yet. The
-- turn's transaction deletes its intent as it inserts the turn; the sweeper deletes the
-- documents of intents left behind (a crash between the two writes). Whoever deletes the
-- intent row decides the outcome.
CREATE TABLE turn_intents (
  turn_id text PRIMARY KEY,
  battle_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE votes (
  id text PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  battle_id text NOT NULL UNIQUE REFERENCES battles (id) ON DELETE CASCADE,
  vote text NOT NULL CHECK (vote IN ('left_better', 'right_better', 'tie', 'both_bad')),
  robot_id text NOT NULL,
  left_model text NOT NULL,
  right_model text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  applied_at timestamptz
);
CREATE INDEX votes_pending_idx ON votes (seq) WHERE applied_at IS NULL;

-- scope: 'overall' or 'robot:<robot_id>'.
CREATE TABLE model_stats (
  scope text NOT NULL,
  model_id text NOT NULL,
  elo double precision NOT NULL DEFAULT 1500,
  vote_count integer NOT NULL DEFAULT 0,
  wins integer NOT NULL DEFAULT 0,
  losses integer NOT NULL DEFAULT 0,
  ties integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, model_id)
);

-- Down Migration
DROP TABLE model_stats;
DROP TABLE votes;
DROP TABLE turn_intents;
DROP TABLE turns;
DROP TABLE battles;
DROP TABLE sessions;
