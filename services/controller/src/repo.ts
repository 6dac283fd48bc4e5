// Episodes, traces, assets and feedback in Postgres. Every write that a WebSocket client should
// see is published on the bus here, so no caller can forget it.
import type pg from 'pg';
import { inTransaction } from '../../shared/src/postgres.ts';
import { ACTIVE_EPISODE_STATUSES, type EpisodeStatus, type TraceType } from '../../shared/src/schemas.ts';
import { traceIdOf } from '../../shared/src/trace-context.ts';
import { publish } from './bus.ts';
import type { Asset, Episode, EpisodeSummary, Trace } from './schemas.ts';
import { safeJson, safeNullableText, safeText } from './text.ts';

const EPISODE_COLUMNS = `id, session_id, task, status, workflow_id, metadata_vars, created_at, updated_at,
  metadata_vars->>'agent_name' AS agent_name`;

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));

function summary(row: Row): EpisodeSummary {
  return {
    id: row.id as string,
    session_id: row.session_id as string,
    task: row.task as string,
    status: row.status as EpisodeStatus,
    agent_name: (row.agent_name as string | null) ?? null,
    workflow_id: (row.workflow_id as string | null) ?? null,
    metadata_vars: (row.metadata_vars as Record<string, unknown>) ?? {},
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

function trace(row: Row): Trace {
  return {
    id: Number(row.id),
    trace_type: row.trace_type as TraceType,
    name: (row.name as string | null) ?? null,
    content: (row.content as string | null) ?? null,
    metadata: (row.metadata as Record<string, unknown>) ?? {},
    feedback_score: row.feedback_score === null || row.feedback_score === undefined ? null : (Number(row.feedback_score) as 0 | 1),
    feedback_comment: (row.feedback_comment as string | null) ?? null,
    created_at: iso(row.created_at),
  };
}

function asset(row: Row): Asset {
  return {
    id: Number(row.id),
    asset_type: row.asset_type as string,
    s3_path: `s3://${row.s3_bucket}/${row.s3_key}`,
    bucket: row.s3_bucket as string,
    key: row.s3_key as string,
    etag: (row.etag as string | null) ?? null,
    path: (row.path as string | null) ?? null,
    size_bytes: row.size_bytes === null || row.size_bytes === undefined ? null : Number(row.size_bytes),
    created_at: iso(row.created_at),
  };
}

export interface NewEpisode {
  id: string;
  sessionId: string;
  task: string;
  kind: 'agent' | 'benchmark';
  metadataVars: Record<string, unknown>;
}

export interface NewTrace {
  type: TraceType;
  name?: string | null;
  content?: string | null;
  metadata?: Record<string, unknown>;
  /** Unique per episode: a replayed durable step does not record the trace twice. */
  key?: string;
}

/** A follow-up message waiting for the agent (its rendered context is what the model reads). */
export interface PendingMessage {
  id: number;
  trace_id: number | null;
  content: string;
}

/** What the DBOS system tables say about a workflow (see reconcile.ts). */
export interface WorkflowRecord {
  workflow_id: string;
  name: string | null;
  status: string;
  application_version: string | null;
  recovery_attempts: number;
  created_at: string;
  updated_at: string;
}

/** One status an episode took (episode_transitions, written by a trigger). */
export interface Transition {
  from_status: EpisodeStatus | null;
  to_status: EpisodeStatus;
  workflow_id: string | null;
  reason: string | null;
  at: string;
}

export class Repo {
  constructor(readonly pool: pg.Pool) {}

  async createEpisode(e: NewEpisode): Promise<EpisodeSummary> {
    const { rows } = await this.pool.query(
      `INSERT INTO episodes (id, session_id, task, status, metadata_vars, session_kind, workflow_id)
       VALUES ($1::uuid, $2, $3, 'queued', $4, $5, $1::text) RETURNING ${EPISODE_COLUMNS}`,
      [e.id, e.sessionId, safeText(e.task), JSON.stringify(safeJson({ detailed_status: 'queued', ...e.metadataVars })), e.kind],
    );
    return summary(rows[0]!);
  }

  async listEpisodes(limit: number, offset: number): Promise<{ items: EpisodeSummary[]; total: number }> {
    const [items, total] = await Promise.all([
      this.pool.query(`SELECT ${EPISODE_COLUMNS} FROM episodes ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`, [limit, offset]),
      this.pool.query('SELECT count(*)::int AS n FROM episodes'),
    ]);
    return { items: items.rows.map(summary), total: total.rows[0]!.n as number };
  }

  async getSummary(id: string): Promise<EpisodeSummary | undefined> {
    const { rows } = await this.pool.query(`SELECT ${EPISODE_COLUMNS} FROM episodes WHERE id = $1`, [id]);
    return rows[0] ? summary(rows[0]) : undefined;
  }

  /** The newest episode of a session (for routes addressed by session ID); with `preferStatus`, the newest one in that status first. */
  async findBySession(sessionId: string, preferStatus?: EpisodeStatus): Promise<EpisodeSummary | undefined> {
    const { rows } = await this.pool.query(
      `SELECT ${EPISODE_COLUMNS} FROM episodes WHERE session_id = $1 ORDER BY (status = $2) DESC, created_at DESC LIMIT 1`,
      [sessionId, preferStatus ?? null],
    );
    return rows[0] ? summary(rows[0]) : undefined;
  }

  async getEpisode(id: string): Promise<Episode | undefined> {
    const { rows } = await this.pool.query(`SELECT ${EPISODE_COLUMNS}, plan, todo_list FROM episodes WHERE id = $1`, [id]);
    if (!rows[0]) return undefined;
    const [traces, assets] = await Promise.all([
      this.pool.query('SELECT * FROM traces WHERE episode_id = $1 ORDER BY id', [id]),
      this.pool.query('SELECT * FROM assets WHERE episode_id = $1 ORDER BY id', [id]),
    ]);
    return {
      ...summary(rows[0]),
      plan: (rows[0].plan as string | null) ?? null,
      todo_list: (rows[0].todo_list as Episode['todo_list']) ?? null,
      traces: traces.rows.map(trace),
      assets: assets.rows.map(asset),
    };
  }

  /**
   * Moves the episode to `status` (only from one of `from`, when given) and merges `vars` into
   * metadata_vars; `detailed_status` follows the status unless `vars` sets it. False when the
   * episode was not in an allowed state.
   */
  async setStatus(id: string, status: EpisodeStatus, opts: { from?: EpisodeStatus[]; vars?: Record<string, unknown>; workflowId?: string } = {}): Promise<boolean> {
    const vars = safeJson({ detailed_status: status, ...opts.vars });
    const { rows } = await this.pool.query(
      `UPDATE episodes SET status = $2, metadata_vars = metadata_vars || $3::jsonb, updated_at = now(),
         workflow_id = COALESCE($5, workflow_id)
       WHERE id = $1 AND ($4::text[] IS NULL OR status = ANY($4::text[]))
       RETURNING status, metadata_vars`,
      [id, status, JSON.stringify(vars), opts.from ?? null, opts.workflowId ?? null],
    );
    if (!rows[0]) return false;
    publish(id, { type: 'status_update', status, metadata_vars: rows[0].metadata_vars });
    return true;
  }

  async mergeVars(id: string, vars: Record<string, unknown>): Promise<void> {
    await this.pool.query(`UPDATE episodes SET metadata_vars = metadata_vars || $2::jsonb, updated_at = now() WHERE id = $1`, [id, JSON.stringify(safeJson(vars))]);
  }

  async setPlan(id: string, plan: string | null, todo: { text: string; state: string }[] | null): Promise<void> {
    await this.pool.query(`UPDATE episodes SET plan = $2, todo_list = $3, updated_at = now() WHERE id = $1`, [id, safeNullableText(plan), todo ? JSON.stringify(safeJson(todo)) : null]);
  }

  async setTodo(id: string, todo: { text: string; state: string }[]): Promise<void> {
    await this.pool.query(`UPDATE episodes SET todo_list = $2, updated_at = now() WHERE id = $1`, [id, JSON.stringify(safeJson(todo))]);
  }

  /** Records a trace; with a key already recorded, returns the existing one and publishes nothing. */
  async addTrace(episodeId: string, t: NewTrace): Promise<Trace> {
    const { rows } = await this.pool.query(
      `INSERT INTO traces (episode_id, trace_type, name, content, metadata, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (episode_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING *`,
      // Every trace names its run's W3C trace, the one its worker and model requests carry.
      [episodeId, t.type, safeNullableText(t.name), safeNullableText(t.content), JSON.stringify(safeJson({ ...t.metadata, trace_id: traceIdOf(episodeId) })), t.key ?? null],
    );
    if (rows[0]) {
      const created = trace(rows[0]);
      publish(episodeId, { type: 'new_trace', trace: created });
      return created;
    }
    const existing = await this.pool.query('SELECT * FROM traces WHERE episode_id = $1 AND idempotency_key = $2', [episodeId, t.key]);
    return trace(existing.rows[0]!);
  }

  /** `traceId` as digits: a bigint, which a JS number would round. */
  async setFeedback(episodeId: string, traceId: string, score: 0 | 1, comment: string | null): Promise<Trace | undefined> {
    const { rows } = await this.pool.query(
      `UPDATE traces SET feedback_score = $3, feedback_comment = $4, feedback_at = now()
       WHERE episode_id = $1 AND id = $2::bigint RETURNING *`,
      [episodeId, traceId, score, safeNullableText(comment)],
    );
    return rows[0] ? trace(rows[0]) : undefined;
  }

  async upsertAsset(episodeId: string, a: { type: string; bucket: string; key: string; etag: string | null; path: string; size: number }): Promise<void> {
    await this.pool.query(
      `INSERT INTO assets (episode_id, asset_type, s3_bucket, s3_key, etag, path, size_bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (episode_id, s3_bucket, s3_key) DO UPDATE SET etag = EXCLUDED.etag, size_bytes = EXCLUDED.size_bytes, asset_type = EXCLUDED.asset_type`,
      [episodeId, a.type, a.bucket, safeText(a.key), a.etag, safeText(a.path), a.size],
    );
  }

  /** Episodes a restarted controller finds mid-run (reconcile.ts decides what becomes of each). */
  async activeEpisodes(): Promise<{ id: string; workflow_id: string | null; status: EpisodeStatus }[]> {
    const { rows } = await this.pool.query('SELECT id, workflow_id, status FROM episodes WHERE status = ANY($1)', [ACTIVE_EPISODE_STATUSES]);
    return rows as { id: string; workflow_id: string | null; status: EpisodeStatus }[];
  }

  /** DBOS's own records of these workflows; empty before DBOS ever created its tables here. */
  async workflowRecords(ids: string[]): Promise<Map<string, WorkflowRecord>> {
    try {
      const { rows } = await this.pool.query(
        'SELECT workflow_uuid, name, status, application_version, recovery_attempts, created_at, updated_at FROM dbos.workflow_status WHERE workflow_uuid = ANY($1)',
        [ids],
      );
      return new Map(
        rows.map((r) => [
          r.workflow_uuid as string,
          {
            workflow_id: r.workflow_uuid as string,
            name: (r.name as string | null) ?? null,
            status: r.status as string,
            application_version: (r.application_version as string | null) ?? null,
            recovery_attempts: Number(r.recovery_attempts ?? 0),
            // DBOS keeps epoch milliseconds.
            created_at: new Date(Number(r.created_at)).toISOString(),
            updated_at: new Date(Number(r.updated_at)).toISOString(),
          },
        ]),
      );
    } catch (error) {
      if ((error as { code?: string }).code === '42P01' || (error as { code?: string }).code === '3F000') return new Map();
      throw error;
    }
  }

  /** The batch's episodes, in the order they were submitted. */
  async batchEpisodes(batchId: string): Promise<EpisodeSummary[]> {
    const { rows } = await this.pool.query(`SELECT ${EPISODE_COLUMNS} FROM episodes WHERE metadata_vars->>'batch_id' = $1 ORDER BY (metadata_vars->>'batch_index')::int`, [batchId]);
    return rows.map(summary);
  }

  /** Of these sessions, those with an episode still to finish. */
  async activeSessions(sessionIds: string[]): Promise<string[]> {
    const { rows } = await this.pool.query('SELECT DISTINCT session_id FROM episodes WHERE session_id = ANY($1) AND status = ANY($2)', [sessionIds, ACTIVE_EPISODE_STATUSES]);
    return rows.map((r) => r.session_id as string);
  }

  /** Every status the episode took, oldest first. */
  async transitions(episodeId: string): Promise<Transition[]> {
    const { rows } = await this.pool.query('SELECT from_status, to_status, workflow_id, reason, at FROM episode_transitions WHERE episode_id = $1 ORDER BY id', [episodeId]);
    return rows.map((r) => ({
      from_status: (r.from_status as EpisodeStatus | null) ?? null,
      to_status: r.to_status as EpisodeStatus,
      workflow_id: (r.workflow_id as string | null) ?? null,
      reason: (r.reason as string | null) ?? null,
      at: iso(r.at),
    }));
  }

  /** Ends an episode as failed with its reason: an `error` trace and status `failed` (from an active status only). */
  async failEpisode(id: string, reason: string, key?: string): Promise<void> {
    await this.addTrace(id, { type: 'error', name: 'episode_failed', content: reason, ...(key ? { key } : {}) });
    await this.setStatus(id, 'failed', { from: [...ACTIVE_EPISODE_STATUSES], vars: { error: reason } });
  }

  /**
   * Records a user message (a `user_message` trace) and queues it for the agent, in one
   * transaction holding the episode's row lock. A running or planned episode's workflow takes
   * it (completeUnlessPending sees it under the same lock, so it cannot finish without it);
   * otherwise the episode goes back to `running` and `followup` names the workflow to start.
   */
  async addMessage(
    episodeId: string,
    m: { message: string; context: string; metadata: Record<string, unknown> },
  ): Promise<{ trace: Trace; followup: string | null } | undefined> {
    const result = await this.withEpisodeLock(episodeId, async (client, status) => {
      if (status === undefined) return undefined;
      const t = await client.query(
        `INSERT INTO traces (episode_id, trace_type, name, content, metadata) VALUES ($1, 'log', 'user_message', $2, $3) RETURNING *`,
        [episodeId, safeText(m.message), JSON.stringify(safeJson(m.metadata))],
      );
      const row = await client.query('INSERT INTO episode_messages (episode_id, trace_id, content) VALUES ($1, $2, $3) RETURNING id', [
        episodeId,
        t.rows[0].id,
        safeText(m.context),
      ]);
      const added = { trace: trace(t.rows[0]), followup: null as string | null, vars: undefined as Record<string, unknown> | undefined };
      if (ACTIVE_EPISODE_STATUSES.includes(status as EpisodeStatus)) return added;
      const followup = `${episodeId}:m${row.rows[0].id}`;
      const moved = await client.query(
        `UPDATE episodes SET status = 'running', workflow_id = $2, updated_at = now(),
           metadata_vars = metadata_vars || '{"detailed_status":"running"}'::jsonb
         WHERE id = $1 RETURNING metadata_vars`,
        [episodeId, followup],
      );
      return { ...added, followup, vars: moved.rows[0].metadata_vars as Record<string, unknown> };
    });
    if (!result) return undefined;
    publish(episodeId, { type: 'new_trace', trace: result.trace });
    if (result.vars) publish(episodeId, { type: 'status_update', status: 'running', metadata_vars: result.vars });
    return { trace: result.trace, followup: result.followup };
  }

  /**
   * Takes the episode's pending messages, oldest first, for the agent. `key` names the taking
   * (a durable step): a step re-run after a crash gets the same messages back, plus newer ones.
   */
  async takeMessages(episodeId: string, key: string): Promise<PendingMessage[]> {
    const { rows } = await this.pool.query(
      `UPDATE episode_messages SET consumed_by = $2, consumed_at = COALESCE(consumed_at, now())
       WHERE episode_id = $1 AND (consumed_by IS NULL OR consumed_by = $2)
       RETURNING id, trace_id, content`,
      [episodeId, key],
    );
    return rows
      .map((r) => ({ id: Number(r.id), trace_id: r.trace_id === null ? null : Number(r.trace_id), content: r.content as string }))
      .sort((a, b) => a.id - b.id);
  }

  /**
   * Moves a running episode to `completed` unless a message is waiting (then false: the
   * workflow answers it first). Under the row lock addMessage takes, so a message is either
   * seen here or finds the episode completed and starts its own follow-up.
   */
  async completeUnlessPending(episodeId: string): Promise<boolean> {
    const outcome = await this.withEpisodeLock(episodeId, async (client) => {
      const pending = await client.query('SELECT 1 FROM episode_messages WHERE episode_id = $1 AND consumed_by IS NULL LIMIT 1', [episodeId]);
      if (pending.rows.length) return { completed: false };
      const { rows } = await client.query(
        `UPDATE episodes SET status = 'completed', updated_at = now(), metadata_vars = metadata_vars || '{"detailed_status":"completed"}'::jsonb
         WHERE id = $1 AND status = 'running' RETURNING metadata_vars`,
        [episodeId],
      );
      return { completed: true, vars: rows[0]?.metadata_vars as Record<string, unknown> | undefined };
    });
    if (outcome.vars) publish(episodeId, { type: 'status_update', status: 'completed', metadata_vars: outcome.vars });
    return outcome.completed;
  }

  /** Runs `fn` in one transaction holding the episode's row lock; `status` is undefined for an unknown episode. */
  private async withEpisodeLock<T>(episodeId: string, fn: (client: pg.PoolClient, status: string | undefined) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, async (client) => {
      const locked = await client.query('SELECT status FROM episodes WHERE id = $1 FOR UPDATE', [episodeId]);
      return fn(client, locked.rows[0]?.status as string | undefined);
    });
  }
}
