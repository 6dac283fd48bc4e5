// The arena backend's wire shapes (services/arena-backend/src/schemas.ts) and a small client.
export const HIDDEN = '???';
export const VOTES = ['left_better', 'right_better', 'tie', 'both_bad'] as const;
export type VoteValue = (typeof VOTES)[number];
export type Side = 'left' | 'right';

export interface Robot { id: string; name: string; dof: number; actuators: number | string[] }
export interface Scene { id: string; name: string; description: string; objects: string[] }
export interface BattleSummary { battle_id: string; left_model: string; right_model: string; turn_count: number; voted: boolean; vote: VoteValue | null; created_at: string }
export interface Session { session_id: string; robot_id: string; scene_id: string; created_at: string; battles: BattleSummary[]; turn_count: number; voted: boolean }
export interface Turn { turn_id: string; seq: number; instruction: string; left_episode_id: string; right_episode_id: string; status: 'completed'; created_at: string }
export interface Battle {
  battle_id: string; session_id: string; robot_id: string; scene_id: string;
  left_model: string; right_model: string; voted: boolean; vote: VoteValue | null; created_at: string; turns: Turn[];
}
export interface State { qpos: number[]; qvel: number[]; time: number }
export interface Episode {
  episode_id: string; battle_id: string; turn_id: string; side: Side; model_id: string; instruction: string;
  actions: number[][]; states: State[]; duration_ms: number; steps: number; truncated: boolean; created_at: string;
}
export interface TurnResponse { turn_id: string; left_episode_id: string; right_episode_id: string; status: 'completed'; seq: number }
export interface VoteResponse { vote_id: string; battle_id: string; vote: VoteValue; revealed_models: { left: string; right: string } }
export interface Ranking { model_id: string; name: string; elo_score: number; vote_count: number; wins: number; losses: number; ties: number; win_rate: number; ci: number }
export interface Leaderboard { robot_id: string | null; min_votes: number; rankings: Ranking[] }

/** A failed request, carrying the backend's own message (ArenaError.message) when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class ArenaApi {
  constructor(readonly baseUrl: string) {}

  private async request<T>(method: string, path: string, body?: unknown, as: 'json' | 'text' = 'json'): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, `the backend is unreachable (${(error as Error).message})`);
    }
    if (!res.ok) {
      let message = `HTTP ${res.status}`;
      let code: string | undefined;
      try {
        const err = (await res.json()) as { message?: string; error?: string };
        if (err.message) message = err.message;
        code = err.error;
      } catch {
        /* not JSON: keep the status line */
      }
      throw new ApiError(res.status, message, code);
    }
    return (as === 'text' ? await res.text() : await res.json()) as T;
  }

  robots = () => this.request<{ robots: Robot[] }>('GET', '/api/robots').then((r) => r.robots);
  scenes = () => this.request<{ scenes: Scene[] }>('GET', '/api/scenes').then((r) => r.scenes);
  sessions = (limit = 50) => this.request<{ sessions: Session[] }>('GET', `/api/sessions?limit=${limit}`).then((r) => r.sessions);
  session = (id: string) => this.request<Session>('GET', `/api/sessions/${encodeURIComponent(id)}`);
  mjcf = (sessionId: string) => this.request<string>('GET', `/api/sessions/${encodeURIComponent(sessionId)}/mjcf`, undefined, 'text');
  initSession = (robot_id: string, scene_id: string) =>
    this.request<{ session_id: string; battle_id: string; left_model: string; right_model: string }>('POST', '/api/sessions/init', { robot_id, scene_id });
  battle = (id: string) => this.request<Battle>('GET', `/api/battles/${encodeURIComponent(id)}`);
  runTurn = (battleId: string, instruction: string) => this.request<TurnResponse>('POST', `/api/battles/${encodeURIComponent(battleId)}/turns`, { instruction });
  episode = (id: string) => this.request<Episode>('GET', `/api/episodes/${encodeURIComponent(id)}`);
  vote = (battle_id: string, vote: VoteValue) => this.request<VoteResponse>('POST', '/api/votes', { battle_id, vote });
  leaderboard = (robotId?: string) =>
    this.request<Leaderboard>('GET', `/api/leaderboard${robotId ? `?robot_id=${encodeURIComponent(robotId)}` : ''}`);
}
