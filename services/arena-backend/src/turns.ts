// Storing a turn without ever leaving half of it behind. Two stores, no shared transaction, so:
//   1. an intent row (turn_intents) is committed: "documents of this turn may exist";
//   2. both episode documents go to the document store in one insertMany;
//   3. one Postgres transaction deletes the intent (it must still be there), locks the battle
//      row, takes seq = MAX(seq)+1 and inserts the turn row.
// A failure in 2 or 3 deletes the turn's documents and its intent before answering. A crash
// between 2 and 3 leaves the intent: the sweeper (start-up and every ratings tick) deletes the
// documents of intents older than a minute, locking the intent row so it never races step 3 —
// whoever deletes the intent decides whether the turn exists. Until then such documents are
// invisible: GET /api/episodes/{id} serves a document only when its turn row exists.
import type pg from 'pg';
import type { Collection, Docstore } from '../../shared/src/docstore.ts';
import { inTransaction } from '../../shared/src/postgres.ts';
import type { EpisodeResult, Side } from './policies.ts';

export const EPISODES = 'episodes';

export interface EpisodeDoc {
  episode_id: string;
  battle_id: string;
  turn_id: string;
  session_id: string;
  side: Side;
  model_id: string;
  robot_id: string;
  scene_id: string;
  instruction: string;
  actions: number[][];
  states: { qpos: number[]; qvel: number[]; time: number }[];
  duration_ms: number;
  steps: number;
  truncated: boolean;
  created_at: string;
}

export interface NewTurn {
  turnId: string;
  battleId: string;
  sessionId: string;
  robotId: string;
  sceneId: string;
  instruction: string;
  episodeIds: Record<Side, string>;
  models: Record<Side, string>;
  results: Record<Side, EpisodeResult>;
}

export class StoreError extends Error {
  constructor(
    readonly status: 404 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export class TurnStore {
  readonly episodes: Collection<EpisodeDoc>;
  constructor(
    private readonly pool: pg.Pool,
    docstore: Docstore,
  ) {
    this.episodes = docstore.collection<EpisodeDoc>(EPISODES);
  }

  async store(turn: NewTurn): Promise<{ seq: number; created_at: string }> {
    await this.pool.query('INSERT INTO turn_intents (turn_id, battle_id) VALUES ($1, $2)', [turn.turnId, turn.battleId]);
    const created_at = new Date().toISOString();
    const doc = (side: Side): EpisodeDoc => ({
      episode_id: turn.episodeIds[side],
      battle_id: turn.battleId,
      turn_id: turn.turnId,
      session_id: turn.sessionId,
      side,
      model_id: turn.models[side],
      robot_id: turn.robotId,
      scene_id: turn.sceneId,
      instruction: turn.instruction,
      actions: turn.results[side].actions,
      states: turn.results[side].states,
      duration_ms: turn.results[side].duration_ms,
      steps: turn.results[side].steps,
      truncated: turn.results[side].truncated,
      created_at,
    });
    try {
      await this.episodes.insertMany([doc('left'), doc('right')]);
    } catch (error) {
      await this.undo(turn.turnId);
      throw new StoreError(503, `document store unavailable, turn not stored: ${(error as Error).message}`);
    }
    try {
      const seq = await inTransaction(this.pool, async (client) => {
        const claimed = await client.query('DELETE FROM turn_intents WHERE turn_id = $1', [turn.turnId]);
        if (claimed.rowCount !== 1) throw new StoreError(503, 'turn was swept before it could be stored');
        const battle = await client.query('SELECT id FROM battles WHERE id = $1 FOR UPDATE', [turn.battleId]);
        if (!battle.rowCount) throw new StoreError(404, `battle ${turn.battleId} not found`);
        const next = await client.query<{ seq: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM turns WHERE battle_id = $1', [turn.battleId]);
        const seq = next.rows[0]!.seq;
        await client.query(
          `INSERT INTO turns (id, battle_id, seq, instruction, left_episode_id, right_episode_id, status, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'completed', $7)`,
          [turn.turnId, turn.battleId, seq, turn.instruction, turn.episodeIds.left, turn.episodeIds.right, created_at],
        );
        return seq;
      });
      return { seq, created_at };
    } catch (error) {
      await this.undo(turn.turnId);
      if (error instanceof StoreError) throw error;
      throw new StoreError(503, `database unavailable, turn not stored: ${(error as Error).message}`);
    }
  }

  /** Compensation: the turn's documents and intent go; a failure here is left to the sweeper. */
  private async undo(turnId: string): Promise<void> {
    try {
      await this.episodes.deleteMany({ turn_id: turnId });
      await this.pool.query('DELETE FROM turn_intents WHERE turn_id = $1', [turnId]);
    } catch {
      // the intent stays; sweep() retries
    }
  }

  /** Deletes the documents of turns that never got their row; returns how many turns it cleared. */
  async sweep(olderThanSeconds = 60): Promise<number> {
    const stale = await this.pool.query<{ turn_id: string }>(
      `SELECT turn_id FROM turn_intents WHERE created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT 100`,
      [olderThanSeconds],
    );
    let cleared = 0;
    for (const { turn_id } of stale.rows) {
      await inTransaction(this.pool, async (client) => {
        const locked = await client.query('SELECT turn_id FROM turn_intents WHERE turn_id = $1 FOR UPDATE SKIP LOCKED', [turn_id]);
        if (!locked.rowCount) return;
        await this.episodes.deleteMany({ turn_id });
        await client.query('DELETE FROM turn_intents WHERE turn_id = $1', [turn_id]);
        cleared++;
      });
    }
    return cleared;
  }
}
