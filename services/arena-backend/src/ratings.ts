// The ratings job: pending votes become ELO ratings, in vote order, each exactly once. Every vote
// is applied in its own transaction that updates the four model_stats rows it touches (both
// models, per robot and overall) AND marks the vote applied, so a job killed at any point has
// applied each vote fully or not at all, and the next run continues with the first unapplied one.
// Order: each transaction takes an exclusive advisory lock, so runs (in this or another process)
// never interleave; vote inserts take the same lock shared, so a vote's seq is visible before any
// later vote can be applied.
import type pg from 'pg';
import { inTransaction } from '../../shared/src/postgres.ts';
import { applyVote, type Stats, type Vote } from './elo.ts';

/** Advisory lock key shared by vote inserts (shared) and rating transactions (exclusive). */
export const RATINGS_LOCK = 0x617265_6e61; // "arena"

export const OVERALL = 'overall';
export const robotScope = (robotId: string) => `robot:${robotId}`;

interface PendingVote {
  id: string;
  vote: Vote;
  robot_id: string;
  left_model: string;
  right_model: string;
}

export interface RunResult {
  applied: number;
  pending_after: number;
}

export interface RatingsStatus {
  running: boolean;
  interval_ms: number;
  pending: number;
  applied_total: number;
  last_run: { started_at: string; finished_at: string; applied: number } | null;
}

export class RatingsJob {
  #chain: Promise<unknown> = Promise.resolve();
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #lastRun: RatingsStatus['last_run'] = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: {
      intervalMs: number;
      /** Fault injection for tests: exit(137) inside the transaction of vote n+1 of a run. */
      crashAfter?: number;
      log: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
      /** Also run on every tick (the turn sweeper). */
      onTick?: () => Promise<unknown>;
    },
  ) {}

  /** Runs now, after any run in progress; resolves when no vote that was pending at its start is left. */
  run(): Promise<RunResult> {
    const next = this.#chain.then(() => this.#runOnce());
    this.#chain = next.catch(() => undefined);
    return next;
  }

  start(): void {
    this.#timer = setInterval(() => {
      void this.run().then(
        (r) => r.applied && this.options.log.info({ ...r }, 'ratings applied'),
        (error: unknown) => this.options.log.error({ err: error }, 'ratings run failed'),
      );
      void this.options.onTick?.().catch((error: unknown) => this.options.log.warn({ err: error }, 'tick task failed'));
    }, this.options.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#chain;
  }

  async status(): Promise<RatingsStatus> {
    const { rows } = await this.pool.query<{ pending: string; applied: string }>(
      'SELECT count(*) FILTER (WHERE applied_at IS NULL) AS pending, count(*) FILTER (WHERE applied_at IS NOT NULL) AS applied FROM votes',
    );
    return {
      running: this.#running,
      interval_ms: this.options.intervalMs,
      pending: Number(rows[0]?.pending ?? 0),
      applied_total: Number(rows[0]?.applied ?? 0),
      last_run: this.#lastRun,
    };
  }

  async #runOnce(): Promise<RunResult> {
    this.#running = true;
    const started_at = new Date().toISOString();
    let applied = 0;
    try {
      while (await this.#applyNext(applied)) applied++;
    } finally {
      this.#running = false;
      this.#lastRun = { started_at, finished_at: new Date().toISOString(), applied };
    }
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM votes WHERE applied_at IS NULL');
    return { applied, pending_after: Number(rows[0]?.n ?? 0) };
  }

  /** Applies the oldest pending vote in one transaction; false when none is pending. */
  async #applyNext(appliedSoFar: number): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [RATINGS_LOCK]);
      const { rows } = await client.query<PendingVote>(
        'SELECT id, vote, robot_id, left_model, right_model FROM votes WHERE applied_at IS NULL ORDER BY seq LIMIT 1 FOR UPDATE',
      );
      const vote = rows[0];
      if (!vote) return false;
      for (const scope of [robotScope(vote.robot_id), OVERALL]) {
        const left = await this.#stats(client, scope, vote.left_model);
        const right = await this.#stats(client, scope, vote.right_model);
        const [l, r] = applyVote(left, right, vote.vote);
        await this.#save(client, scope, vote.left_model, l);
        await this.#save(client, scope, vote.right_model, r);
      }
      await client.query('UPDATE votes SET applied_at = now() WHERE id = $1', [vote.id]);
      if (this.options.crashAfter !== undefined && appliedSoFar >= this.options.crashAfter) {
        // Fault injection (RATINGS_CRASH_AFTER): die with this vote's updates written but not committed.
        this.options.log.warn({ vote_id: vote.id, applied: appliedSoFar }, 'RATINGS_CRASH_AFTER reached: exiting mid-transaction');
        process.exit(137);
      }
      return true;
    });
  }

  async #stats(client: pg.PoolClient, scope: string, modelId: string): Promise<Stats> {
    await client.query('INSERT INTO model_stats (scope, model_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [scope, modelId]);
    const { rows } = await client.query<Stats>(
      'SELECT elo, vote_count, wins, losses, ties FROM model_stats WHERE scope = $1 AND model_id = $2 FOR UPDATE',
      [scope, modelId],
    );
    return rows[0]!;
  }

  async #save(client: pg.PoolClient, scope: string, modelId: string, s: Stats): Promise<void> {
    await client.query(
      'UPDATE model_stats SET elo = $3, vote_count = $4, wins = $5, losses = $6, ties = $7, updated_at = now() WHERE scope = $1 AND model_id = $2',
      [scope, modelId, s.elo, s.vote_count, s.wins, s.losses, s.ties],
    );
  }
}
