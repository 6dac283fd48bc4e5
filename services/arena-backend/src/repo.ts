// Postgres reads and writes of sessions, battles, votes and ratings (turns: turns.ts).
import type pg from 'pg';
import { inTransaction } from '../../shared/src/postgres.ts';
import type { Vote } from './elo.ts';
import { newId } from './ids.ts';
import { RATINGS_LOCK } from './ratings.ts';
import { HIDDEN, type Session } from './schemas.ts';

export interface BattleRow {
  battle_id: string;
  session_id: string;
  robot_id: string;
  scene_id: string;
  left_model: string;
  right_model: string;
  vote: Vote | null;
  created_at: string;
}

export interface TurnRow {
  turn_id: string;
  seq: number;
  instruction: string;
  left_episode_id: string;
  right_episode_id: string;
  status: 'completed';
  created_at: string;
}

export type VoteOutcome =
  | { ok: true; vote_id: string; left: string; right: string }
  | { ok: false; status: 400 | 404; error: string; message: string };

export interface StatsRow {
  model_id: string;
  elo: number;
  vote_count: number;
  wins: number;
  losses: number;
  ties: number;
}

const iso = (v: Date | string) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

/** Model ids stay hidden until the battle's vote. */
export const reveal = (model: string, voted: boolean) => (voted ? model : HIDDEN);

export class Repo {
  constructor(private readonly pool: pg.Pool) {}

  async createSession(robotId: string, sceneId: string, models: { left: string; right: string }): Promise<{ session_id: string; battle_id: string }> {
    const session_id = newId('session');
    const battle_id = newId('battle');
    await inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO sessions (id, robot_id, scene_id) VALUES ($1, $2, $3)', [session_id, robotId, sceneId]);
      await client.query('INSERT INTO battles (id, session_id, left_model, right_model) VALUES ($1, $2, $3, $4)', [
        battle_id,
        session_id,
        models.left,
        models.right,
      ]);
    });
    return { session_id, battle_id };
  }

  async listSessions(limit: number, sessionId?: string): Promise<Session[]> {
    const { rows } = await this.pool.query<{
      session_id: string;
      robot_id: string;
      scene_id: string;
      created_at: Date;
      battles: { battle_id: string; left_model: string; right_model: string; turn_count: number; vote: Vote | null; created_at: string }[];
    }>(
      `SELECT s.id AS session_id, s.robot_id, s.scene_id, s.created_at,
              COALESCE((SELECT json_agg(json_build_object(
                          'battle_id', b.id, 'left_model', b.left_model, 'right_model', b.right_model, 'created_at', b.created_at,
                          'turn_count', (SELECT count(*) FROM turns t WHERE t.battle_id = b.id),
                          'vote', (SELECT v.vote FROM votes v WHERE v.battle_id = b.id)) ORDER BY b.created_at, b.id)
                        FROM battles b WHERE b.session_id = s.id), '[]'::json) AS battles
         FROM sessions s
        WHERE ($2::text IS NULL OR s.id = $2)
        ORDER BY s.created_at DESC, s.id
        LIMIT $1`,
      [limit, sessionId ?? null],
    );
    return rows.map((r) => {
      const battles = r.battles.map((b) => ({
        battle_id: b.battle_id,
        left_model: reveal(b.left_model, b.vote !== null),
        right_model: reveal(b.right_model, b.vote !== null),
        turn_count: Number(b.turn_count),
        voted: b.vote !== null,
        vote: b.vote,
        created_at: iso(b.created_at),
      }));
      return {
        session_id: r.session_id,
        robot_id: r.robot_id,
        scene_id: r.scene_id,
        created_at: iso(r.created_at),
        battles,
        turn_count: battles.reduce((n, b) => n + b.turn_count, 0),
        voted: battles.length > 0 && battles.every((b) => b.voted),
      };
    });
  }

  async getBattle(id: string): Promise<BattleRow | null> {
    const { rows } = await this.pool.query<BattleRow & { created_at: Date }>(
      `SELECT b.id AS battle_id, b.session_id, s.robot_id, s.scene_id, b.left_model, b.right_model, v.vote, b.created_at
         FROM battles b JOIN sessions s ON s.id = b.session_id LEFT JOIN votes v ON v.battle_id = b.id
        WHERE b.id = $1`,
      [id],
    );
    const row = rows[0];
    return row ? { ...row, created_at: iso(row.created_at) } : null;
  }

  async listTurns(battleId: string): Promise<TurnRow[]> {
    const { rows } = await this.pool.query<TurnRow & { created_at: Date }>(
      `SELECT id AS turn_id, seq, instruction, left_episode_id, right_episode_id, status, created_at
         FROM turns WHERE battle_id = $1 ORDER BY seq`,
      [battleId],
    );
    return rows.map((r) => ({ ...r, created_at: iso(r.created_at) }));
  }

  /** Whether the turn row exists (an episode document without one is a leftover) and its battle is voted. */
  async turnVisibility(turnId: string): Promise<{ voted: boolean } | null> {
    const { rows } = await this.pool.query<{ voted: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM votes v WHERE v.battle_id = t.battle_id) AS voted FROM turns t WHERE t.id = $1',
      [turnId],
    );
    return rows[0] ?? null;
  }

  async vote(battleId: string, vote: Vote): Promise<VoteOutcome> {
    return inTransaction(this.pool, async (client) => {
      // Shared: many votes at once; the ratings job's exclusive lock waits for uncommitted ones,
      // so it never applies a later vote before an earlier one is visible.
      await client.query('SELECT pg_advisory_xact_lock_shared($1)', [RATINGS_LOCK]);
      const battle = await client.query<{ left_model: string; right_model: string; robot_id: string }>(
        'SELECT b.left_model, b.right_model, s.robot_id FROM battles b JOIN sessions s ON s.id = b.session_id WHERE b.id = $1 FOR UPDATE OF b',
        [battleId],
      );
      const b = battle.rows[0];
      if (!b) return { ok: false, status: 404, error: 'not_found', message: `battle ${battleId} not found` };
      const turns = await client.query('SELECT 1 FROM turns WHERE battle_id = $1 LIMIT 1', [battleId]);
      if (!turns.rowCount) return { ok: false, status: 400, error: 'no_turns', message: `battle ${battleId} has no turns yet: nothing to vote on` };
      const vote_id = newId('vote');
      const inserted = await client.query(
        `INSERT INTO votes (id, battle_id, vote, robot_id, left_model, right_model) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (battle_id) DO NOTHING`,
        [vote_id, battleId, vote, b.robot_id, b.left_model, b.right_model],
      );
      if (!inserted.rowCount) return { ok: false, status: 400, error: 'already_voted', message: `battle ${battleId} already has a vote` };
      return { ok: true, vote_id, left: b.left_model, right: b.right_model };
    });
  }

  async stats(scope: string): Promise<StatsRow[]> {
    const { rows } = await this.pool.query<StatsRow>(
      'SELECT model_id, elo, vote_count, wins, losses, ties FROM model_stats WHERE scope = $1 ORDER BY elo DESC, model_id',
      [scope],
    );
    return rows;
  }
}
