// Wire types of the arena backend: TypeBox schemas (validation, serialisation and OpenAPI at once).
import { Type, type Static } from 'typebox';
import { VOTES } from './elo.ts';
import { idPattern } from './ids.ts';

export const HIDDEN = '???';

export const ArenaError = Type.Object({
  error: Type.String({ description: 'machine-readable code, e.g. validation_failed, not_found, policy_timeout' }),
  message: Type.String({ description: 'what was wrong, naming the field, the id, or the side and model that failed' }),
  field: Type.Optional(Type.String()),
  side: Type.Optional(Type.Union([Type.Literal('left'), Type.Literal('right')])),
  model_id: Type.Optional(Type.String()),
});

/** Error responses for route schemas. */
export function errors<const S extends number>(...statuses: S[]): Record<S, typeof ArenaError> {
  return Object.fromEntries(statuses.map((s) => [s, ArenaError])) as Record<S, typeof ArenaError>;
}

// Path ids are plain strings here: a malformed one is an unknown one (404), checked in the handler.
export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

const Timestamp = Type.String({ format: 'date-time' });
const Model = Type.String({ description: `model id, or "${HIDDEN}" until the battle is voted on` });
const VoteValue = Type.Enum([...VOTES], { description: VOTES.join(' | ') });
const IdString = (kind: Parameters<typeof idPattern>[0]) => Type.String({ pattern: idPattern(kind) });

export const SessionInitBody = Type.Object(
  {
    robot_id: Type.String({ minLength: 1, maxLength: 100 }),
    scene_id: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: true },
);

export const SessionInitResponse = Type.Object({
  session_id: IdString('session'),
  battle_id: IdString('battle'),
  left_model: Type.Literal(HIDDEN),
  right_model: Type.Literal(HIDDEN),
});

export const BattleSummary = Type.Object({
  battle_id: Type.String(),
  left_model: Model,
  right_model: Model,
  turn_count: Type.Integer(),
  voted: Type.Boolean(),
  vote: Type.Union([VoteValue, Type.Null()]),
  created_at: Timestamp,
});

export const Session = Type.Object({
  session_id: Type.String(),
  robot_id: Type.String(),
  scene_id: Type.String(),
  created_at: Timestamp,
  battles: Type.Array(BattleSummary),
  turn_count: Type.Integer({ description: 'turns over all battles' }),
  voted: Type.Boolean({ description: 'every battle of the session has its vote' }),
});
export type Session = Static<typeof Session>;

export const SessionList = Type.Object({ sessions: Type.Array(Session) });
// Query strings are not coerced by the shared service's validator: numbers are digit strings.
export const ListQuery = Type.Object({
  limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$', description: '1..200, default 50' })),
});

export const Turn = Type.Object({
  turn_id: Type.String(),
  seq: Type.Integer(),
  instruction: Type.String(),
  left_episode_id: Type.String(),
  right_episode_id: Type.String(),
  status: Type.Literal('completed'),
  created_at: Timestamp,
});

export const Battle = Type.Object({
  battle_id: Type.String(),
  session_id: Type.String(),
  robot_id: Type.String(),
  scene_id: Type.String(),
  left_model: Model,
  right_model: Model,
  voted: Type.Boolean(),
  vote: Type.Union([VoteValue, Type.Null()]),
  created_at: Timestamp,
  turns: Type.Array(Turn),
});

export const TurnBody = Type.Object({
  instruction: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'what the robot should do; not blank' }),
});

export const TurnResponse = Type.Object({
  turn_id: IdString('turn'),
  left_episode_id: IdString('episode'),
  right_episode_id: IdString('episode'),
  status: Type.Literal('completed'),
  seq: Type.Integer({ minimum: 1 }),
});

export const Episode = Type.Object({
  episode_id: Type.String(),
  battle_id: Type.String(),
  turn_id: Type.String(),
  side: Type.Union([Type.Literal('left'), Type.Literal('right')]),
  model_id: Model,
  instruction: Type.String(),
  actions: Type.Array(Type.Array(Type.Number())),
  states: Type.Array(Type.Object({ qpos: Type.Array(Type.Number()), qvel: Type.Array(Type.Number()), time: Type.Number() })),
  duration_ms: Type.Number(),
  steps: Type.Integer(),
  truncated: Type.Boolean(),
  created_at: Timestamp,
});

export const VoteBody = Type.Object({
  battle_id: Type.String({ minLength: 1, maxLength: 100 }),
  vote: VoteValue,
});

export const VoteResponse = Type.Object({
  vote_id: IdString('vote'),
  battle_id: Type.String(),
  vote: VoteValue,
  revealed_models: Type.Object({ left: Type.String(), right: Type.String() }),
});

export const LeaderboardQuery = Type.Object({ robot_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) });

export const Ranking = Type.Object({
  model_id: Type.String(),
  name: Type.String(),
  elo_score: Type.Number(),
  vote_count: Type.Integer(),
  wins: Type.Integer(),
  losses: Type.Integer(),
  ties: Type.Integer(),
  win_rate: Type.Number(),
  ci: Type.Number({ description: 'half-width of the 95 % interval, 1.96·400/√votes' }),
});

export const Leaderboard = Type.Object({
  robot_id: Type.Union([Type.String(), Type.Null()]),
  min_votes: Type.Integer(),
  rankings: Type.Array(Ranking),
});

export const ModelList = Type.Object({
  models: Type.Array(
    Type.Object({
      model_id: Type.String(),
      name: Type.String(),
      type: Type.Union([Type.String(), Type.Null()]),
      elo_score: Type.Number({ description: 'overall rating (1500 before any vote)' }),
      vote_count: Type.Integer(),
    }),
  ),
});

export const RobotList = Type.Object({
  robots: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), dof: Type.Integer(), actuators: Type.Union([Type.Integer(), Type.Array(Type.String())]) }),
  ),
});

export const SceneList = Type.Object({
  scenes: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), description: Type.String(), objects: Type.Array(Type.String()) })),
});

export const RatingsRun = Type.Object({ applied: Type.Integer(), pending_after: Type.Integer() });

export const RatingsStatus = Type.Object({
  running: Type.Boolean(),
  interval_ms: Type.Integer(),
  pending: Type.Integer(),
  applied_total: Type.Integer(),
  last_run: Type.Union([Type.Object({ started_at: Timestamp, finished_at: Timestamp, applied: Type.Integer() }), Type.Null()]),
});

const Check = Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) });
export const Health = Type.Object({
  status: Type.Union([Type.Literal('healthy'), Type.Literal('unhealthy')]),
  service: Type.Literal('arena-backend'),
  postgres: Check,
  docstore: Type.Object({ ok: Type.Boolean(), kind: Type.String(), detail: Type.Optional(Type.String()) }),
  policy_servers: Type.Array(
    Type.Object({ model_id: Type.String(), ok: Type.Boolean(), status: Type.Optional(Type.Integer()), detail: Type.Optional(Type.String()) }),
  ),
});
