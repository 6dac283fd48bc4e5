// The controller's wire types: TypeBox schemas that are the validation, the serializer and the
// OpenAPI at once. Enumerations shared with specs and the frontend live in shared/schemas.ts.
import { Type, type Static } from 'typebox';
import { EPISODE_STATUSES, SESSION_ID_PATTERN, TRACE_TYPES } from '../../shared/src/schemas.ts';

const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

// A canonical UUID only: the `uuid` format also admits `urn:uuid:…`, which Postgres then refuses.
export const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', description: 'episode ID (a UUID)' });
export const IdParams = Type.Object({ id: Uuid });
export const Json = Type.Record(Type.String(), Type.Unknown());

export const EpisodeStatus = literals(EPISODE_STATUSES);

export const Trace = Type.Object({
  id: Type.Integer(),
  trace_type: literals(TRACE_TYPES),
  name: Type.Union([Type.String(), Type.Null()]),
  content: Type.Union([Type.String(), Type.Null()]),
  metadata: Json,
  feedback_score: Type.Union([Type.Literal(0), Type.Literal(1), Type.Null()]),
  feedback_comment: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
});
export type Trace = Static<typeof Trace>;

export const Asset = Type.Object({
  id: Type.Integer(),
  asset_type: Type.String(),
  s3_path: Type.String({ description: 's3://<bucket>/<key>' }),
  bucket: Type.String(),
  key: Type.String(),
  etag: Type.Union([Type.String(), Type.Null()]),
  path: Type.Union([Type.String(), Type.Null()], { description: 'workspace path of the uploaded file' }),
  size_bytes: Type.Union([Type.Integer(), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
});
export type Asset = Static<typeof Asset>;

const episodeFields = {
  id: Uuid,
  session_id: Type.String(),
  task: Type.String(),
  status: EpisodeStatus,
  agent_name: Type.Union([Type.String(), Type.Null()]),
  workflow_id: Type.Union([Type.String(), Type.Null()], { description: 'the DBOS workflow driving the episode now' }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
  metadata_vars: Type.Record(Type.String(), Type.Unknown(), {
    description:
      'Run variables. The review routing (docs/decisions/0023-review-routing.md) keeps: `stage` (planner | coder | reviewer | completed | failed: ' +
      'where the episode is), `review_round` (1, 2, …), `review_decision` (APPROVED | REJECTED | REJECT_PLAN | REJECT_CODE | CONFIRM_PLAN_REFUSAL | ' +
      'REJECT_PLAN_REFUSAL), `review_comments`, `review_file`, `plan_refusal` ({file, reasons, at}), `submission` (the last handover: ok, message, ' +
      'fingerprint, files, simulation), `error` (why a failed episode failed: a REJECTED review, the review round limit, …). Routes: planner → coder → ' +
      'reviewer; APPROVED → completed; REJECTED → failed; REJECT_PLAN and CONFIRM_PLAN_REFUSAL → planner; REJECT_CODE and REJECT_PLAN_REFUSAL → coder; ' +
      'no decision → completed unreviewed; a send-back after MAX_REVIEW_ROUNDS (3) → failed. Each routing is an `episode_routed` event trace {from, to, round, decision, reason}.',
  }),
};

export const EpisodeSummary = Type.Object(episodeFields);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** GET /episodes/{id}/workflow: the workflows that drove an episode and every status it took. */
export const EpisodeWorkflow = Type.Object({
  episode_id: Uuid,
  status: EpisodeStatus,
  workflow_id: Nullable(Type.String({ description: 'the workflow driving the episode now' })),
  workflows: Type.Array(
    Type.Object({
      workflow_id: Type.String(),
      name: Nullable(Type.String()),
      status: Type.String({ description: "DBOS's own status: ENQUEUED, PENDING, SUCCESS, ERROR, CANCELLED, MAX_RECOVERY_ATTEMPTS_EXCEEDED" }),
      application_version: Nullable(Type.String()),
      recovery_attempts: Type.Integer(),
      created_at: Type.String({ format: 'date-time' }),
      updated_at: Type.String({ format: 'date-time' }),
    }),
    { description: "from DBOS's workflow_status rows, oldest first; a workflow DBOS has no row for is left out" },
  ),
  transitions: Type.Array(
    Type.Object({
      // A plain string: OpenAPI 3.0 has no nullable enum that validators agree on.
      from_status: Nullable(Type.String({ description: 'the status before; null for the first' })),
      to_status: EpisodeStatus,
      workflow_id: Nullable(Type.String()),
      reason: Nullable(Type.String({ description: 'why the episode failed (to_status failed)' })),
      at: Type.String({ format: 'date-time' }),
    }),
    { description: 'every status the episode took, oldest first (the first has from_status null)' },
  ),
});
export type EpisodeSummary = Static<typeof EpisodeSummary>;

export const Episode = Type.Object({
  ...episodeFields,
  plan: Type.Union([Type.String(), Type.Null()]),
  todo_list: Type.Union([Type.Array(Type.Object({ text: Type.String(), state: Type.String() })), Type.Null()]),
  traces: Type.Array(Trace),
  assets: Type.Array(Asset),
});
export type Episode = Static<typeof Episode>;

export const EpisodeList = Type.Object({
  items: Type.Array(EpisodeSummary),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

export const ListQuery = Type.Object(
  {
    // Query strings are not coerced by this service's validator: numbers are digit strings.
    limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$', description: '1..200, default 50' })),
    offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'default 0' })),
    api_key: Type.Optional(Type.String({ description: 'the API key, where a header cannot be set' })),
  },
  { additionalProperties: false },
);

const SessionId = Type.String({ pattern: SESSION_ID_PATTERN, description: 'the light-worker session the agent works in' });

export const RunBody = Type.Object(
  {
    task: Type.String({ minLength: 1, maxLength: 20000 }),
    session_id: SessionId,
    metadata_vars: Type.Optional(Json),
    agent_name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  { additionalProperties: false },
);

export const MAX_BATCH_RUNS = 10;
export const BatchBody = Type.Object(
  { runs: Type.Array(RunBody, { minItems: 1, maxItems: MAX_BATCH_RUNS, description: 'each run in its own session (session IDs distinct, none with an active episode)' }) },
  { additionalProperties: false },
);

export const BatchAccepted = Type.Object({
  status: Type.Literal('accepted'),
  batch_id: Uuid,
  episodes: Type.Array(Type.Object({ episode_id: Uuid, session_id: Type.String() })),
});

export const BatchParams = Type.Object({ batch_id: Uuid });

export const BatchStatus = Type.Object({
  batch_id: Uuid,
  /** Every run's status; `done` once none is queued, running or planned. */
  done: Type.Boolean(),
  episodes: Type.Array(Type.Object({ episode_id: Uuid, session_id: Type.String(), status: EpisodeStatus, created_at: Type.String({ format: 'date-time' }), updated_at: Type.String({ format: 'date-time' }) })),
});

export const Accepted = Type.Object({
  status: Type.Literal('accepted'),
  episode_id: Uuid,
  session_id: Type.String(),
});

export const GenerateBody = Type.Object(
  {
    prompt: Type.String({ minLength: 1, maxLength: 20000 }),
    max_cost: Type.Optional(Type.Number({ minimum: 0.000001 })),
    max_weight: Type.Optional(Type.Number({ minimum: 0.000001 })),
    session_id: Type.Optional({ ...SessionId, description: 'optional; generated (`bench-<hex>`) when omitted' }),
  },
  { additionalProperties: false },
);

export const ConfirmParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128, description: 'episode ID or session ID' }) });
export const ConfirmBody = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 20000 })) }, { additionalProperties: false });

export const Mention = Type.Object(
  {
    path: Type.String({ minLength: 1, maxLength: 1024 }),
    start: Type.Integer({ description: 'first line, 1-based' }),
    end: Type.Integer({ description: 'last line, inclusive' }),
  },
  { additionalProperties: false },
);
export type Mention = Static<typeof Mention>;

export const SELECTION_KINDS = ['part', 'face', 'edge', 'vertex', 'subassembly', 'code'] as const;
export const Selection = Type.Object(
  {
    kind: literals(SELECTION_KINDS),
    path: Type.String({ minLength: 1, maxLength: 1024 }),
    name: Type.Optional(Type.String({ maxLength: 256 })),
    face_index: Type.Optional(Type.Integer({ minimum: 0 })),
    edge_index: Type.Optional(Type.Integer({ minimum: 0 })),
    vertex_index: Type.Optional(Type.Integer({ minimum: 0 })),
    start_line: Type.Optional(Type.Integer({ minimum: 1 })),
    end_line: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type Selection = Static<typeof Selection>;

export const MessageBody = Type.Object(
  {
    message: Type.String({ minLength: 1, maxLength: 20000, description: 'may contain `@path:start-end` mentions' }),
    selections: Type.Optional(Type.Array(Selection, { maxItems: 100 })),
    mentions: Type.Optional(Type.Array(Mention, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

export const MessageAccepted = Type.Object({
  status: Type.Literal('accepted'),
  episode_id: Uuid,
  trace_id: Type.Integer(),
  mentions: Type.Array(Type.Object({ path: Type.String(), start: Type.Integer(), end: Type.Integer(), content: Type.String() })),
});

export const InterruptResponse = Type.Object({ status: Type.Literal('cancelled'), episode_id: Uuid });

export const ReviewBody = Type.Object(
  { review_content: Type.String({ minLength: 1, maxLength: 100000, description: 'a review file: markdown with YAML frontmatter (decision, comments, evidence; see the route)' }) },
  { additionalProperties: false },
);
export { REVIEW_DECISIONS } from './review/review-file.ts';
import { REVIEW_DECISIONS } from './review/review-file.ts';
export const ReviewAccepted = Type.Object({ status: Type.Literal('accepted'), episode_id: Uuid, decision: literals(REVIEW_DECISIONS), trace_id: Type.Integer() });

export const ProblemSchema = Type.Object({
  file: Type.String(),
  field: Type.Optional(Type.String({ description: 'dotted path of the field, e.g. evidence.manifest_fingerprint' })),
  code: Type.String({ description: 'stable reason code, e.g. INVALID_DECISION, MISSING_COMMENTS, MISSING_EVIDENCE, EVIDENCE_MISMATCH' }),
  message: Type.String(),
});
export const ReviewRefused = Type.Object({
  error: Type.Literal('invalid_review'),
  message: Type.String(),
  field: Type.Optional(Type.String()),
  problems: Type.Array(ProblemSchema),
});

export const FeedbackParams = Type.Object({ id: Uuid, tid: Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'trace ID' }) });
export const FeedbackBody = Type.Object(
  {
    // An integer range rather than two literals: its errors say what is wrong ("must be <= 1").
    score: Type.Integer({ minimum: 0, maximum: 1, description: '1 = thumbs up, 0 = thumbs down' }),
    comment: Type.Optional(Type.String({ maxLength: 20000 })),
  },
  { additionalProperties: false },
);
export const FeedbackAccepted = Type.Object({
  status: Type.Literal('accepted'),
  trace_id: Type.Integer(),
  feedback_score: Type.Union([Type.Literal(0), Type.Literal(1)]),
  feedback_comment: Type.Union([Type.String(), Type.Null()]),
});

export const AuthHeaders = Type.Object({ 'x-api-key': Type.Optional(Type.String({ description: 'the controller API key' })) });
