// Shared wire types of the workbench: TypeBox schemas (validation + OpenAPI) and their static
// types. Specs may import this file (it is the contract); nothing else under services/.
import { Type, type Static } from 'typebox';

export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'machine-readable code, e.g. validation_failed' }),
    message: Type.String({ description: 'what was wrong, naming the field or the reason' }),
    field: Type.Optional(Type.String()),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

const Check = Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) });

export const WorkerHealth = Type.Object({
  status: Type.Union([Type.Literal('healthy'), Type.Literal('unhealthy')]),
  service: Type.String(),
  sessions: Type.Optional(Check),
});
export type WorkerHealth = Static<typeof WorkerHealth>;

export const ControllerHealth = Type.Object({
  status: Type.Union([Type.Literal('healthy'), Type.Literal('unhealthy')]),
  service: Type.Literal('controller'),
  postgres: Check,
  s3: Type.Object({ ok: Type.Boolean(), buckets: Type.Array(Type.String()), detail: Type.Optional(Type.String()) }),
  model: Type.Object({ ok: Type.Boolean(), scripted: Type.Boolean(), base_url: Type.String(), model: Type.String(), detail: Type.Optional(Type.String()) }),
});
export type ControllerHealth = Static<typeof ControllerHealth>;

/** Header every session-scoped worker route requires. */
export const SESSION_ID_PATTERN = '^[A-Za-z0-9_-]{1,128}$';

/**
 * The controller's API key when `CONTROLLER_API_KEY` is not set (development and the test
 * stack). Protected controller routes take it in the `X-API-Key` header (or `?api_key=` where a
 * browser cannot set headers: the WebSocket and the asset proxy).
 */
export const CONTROLLER_DEV_API_KEY = 'workbench-dev-key';

/** Episode lifecycle statuses (controller). `queued`: created, its workflow not yet at its first step. */
export const EPISODE_STATUSES = ['queued', 'running', 'planned', 'completed', 'failed', 'cancelled'] as const;
export type EpisodeStatus = (typeof EPISODE_STATUSES)[number];
/** Statuses of an episode whose workflow is still to finish. */
export const ACTIVE_EPISODE_STATUSES: readonly EpisodeStatus[] = ['queued', 'running', 'planned'];

/** Trace types (controller). */
export const TRACE_TYPES = ['llm_start', 'llm_end', 'tool_start', 'tool_end', 'log', 'error', 'event'] as const;
export type TraceType = (typeof TRACE_TYPES)[number];

/** Messages on `WS /episodes/{id}/ws`. */
export const WS_MESSAGE_TYPES = ['new_trace', 'status_update', 'file_update', 'heartbeat'] as const;
export type WsMessageType = (typeof WS_MESSAGE_TYPES)[number];

/** A catalog part as the controller stores and serves it (GET /cots/parts…) and the heavy worker prices it. */
export interface CotsPart {
  part_id: string;
  name: string;
  category: string;
  manufacturer: string;
  /** USD per unit. */
  price: number;
  /** Grams per unit. */
  weight_g: number;
  /** The catalog reference the numbers come from. */
  source: string;
  specs: Record<string, string | number | boolean>;
}
