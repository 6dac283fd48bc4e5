// Client of the policy servers: one rollout per side, both at once, within one deadline. The
// first side to fail aborts the other, so a turn fails as soon as it cannot succeed.
import type { PolicyServer } from './config.ts';

export type Side = 'left' | 'right';

export interface EpisodeState {
  qpos: number[];
  qvel: number[];
  time: number;
}
export interface EpisodeResult {
  model_id: string;
  actions: number[][];
  states: EpisodeState[];
  duration_ms: number;
  steps: number;
  truncated: boolean;
}

/** 502: the server answered wrongly or broke off; 503: nothing listening; 504: no answer within the deadline. */
export class PolicyError extends Error {
  constructor(
    readonly status: 502 | 503 | 504,
    readonly side: Side,
    readonly modelId: string,
    message: string,
  ) {
    super(message);
    this.name = 'PolicyError';
  }
  get code(): string {
    return this.status === 504 ? 'policy_timeout' : this.status === 503 ? 'policy_unreachable' : 'policy_failed';
  }
}

/** Connection errors that mean nothing is listening (503); others mean it broke off (502). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** The problem with an /episode answer, or null when it has the contract's shape. */
export function episodeProblem(body: unknown): string | null {
  if (!body || typeof body !== 'object') return 'body is not a JSON object';
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.actions) || !b.actions.length) return 'actions must be a non-empty array';
  if (!b.actions.every(isNumbers)) return 'actions must be arrays of finite numbers';
  if (!Array.isArray(b.states)) return 'states must be an array';
  if (b.states.length !== b.actions.length) return `states has ${b.states.length} entries, actions ${b.actions.length}`;
  for (const s of b.states as unknown[]) {
    const st = s as Record<string, unknown> | null;
    if (!st || !isNumbers(st.qpos) || !isNumbers(st.qvel) || typeof st.time !== 'number') return 'each state needs qpos[], qvel[] and time';
  }
  if (typeof b.duration_ms !== 'number' || !(b.duration_ms >= 0)) return 'duration_ms must be a non-negative number';
  return null;
}

async function runOne(
  server: PolicyServer,
  side: Side,
  body: string,
  signal: AbortSignal,
  timeoutMs: number,
  deadline: AbortSignal,
): Promise<EpisodeResult> {
  const where = `${side} model ${server.model_id}`;
  let response: Response;
  try {
    response = await fetch(`${server.url}/episode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal });
  } catch (error) {
    if (deadline.aborted) throw new PolicyError(504, side, server.model_id, `${where} did not answer within ${timeoutMs} ms`);
    if (signal.aborted) throw error; // the other side failed first
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = [cause?.code, cause?.message].filter(Boolean).join(': ') || (error as Error).message;
    if (cause?.code && UNREACHABLE.has(cause.code)) throw new PolicyError(503, side, server.model_id, `${where} is unreachable at ${server.url}: ${reason}`);
    throw new PolicyError(502, side, server.model_id, `${where} dropped the request: ${reason}`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (deadline.aborted) throw new PolicyError(504, side, server.model_id, `${where} did not finish answering within ${timeoutMs} ms`);
    if (signal.aborted) throw error;
    throw new PolicyError(502, side, server.model_id, `${where} broke off its answer: ${(error as Error).message}`);
  }
  if (!response.ok) {
    throw new PolicyError(502, side, server.model_id, `${where} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PolicyError(502, side, server.model_id, `${where} answered with invalid JSON`);
  }
  const problem = episodeProblem(parsed);
  if (problem) throw new PolicyError(502, side, server.model_id, `${where} answered an invalid episode: ${problem}`);
  const p = parsed as EpisodeResult;
  return {
    model_id: server.model_id,
    actions: p.actions,
    states: p.states.map((s) => ({ qpos: s.qpos, qvel: s.qvel, time: s.time })),
    duration_ms: p.duration_ms,
    steps: typeof p.steps === 'number' ? p.steps : p.actions.length,
    truncated: p.truncated === true,
  };
}

/** Both rollouts, or a PolicyError naming the side that failed first. */
export async function runBoth(
  servers: Record<Side, PolicyServer>,
  request: { instruction: string; xml_string: string; steps: number },
  timeoutMs: number,
): Promise<Record<Side, EpisodeResult>> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const failed = new AbortController();
  const signal = AbortSignal.any([deadline, failed.signal]);
  const body = JSON.stringify(request);
  let first: unknown;
  const guard = (p: Promise<EpisodeResult>) =>
    p.catch((error: unknown) => {
      first ??= error;
      failed.abort();
      throw error;
    });
  const results = await Promise.allSettled([
    guard(runOne(servers.left, 'left', body, signal, timeoutMs, deadline)),
    guard(runOne(servers.right, 'right', body, signal, timeoutMs, deadline)),
  ]);
  if (first !== undefined) throw first;
  const [left, right] = results.map((r) => (r as PromiseFulfilledResult<EpisodeResult>).value);
  return { left: left!, right: right! };
}

/** GET /health of a policy server, for the backend's own /health (informational). */
export async function policyHealth(server: PolicyServer, timeoutMs = 2000): Promise<{ model_id: string; ok: boolean; status?: number; detail?: string }> {
  try {
    const response = await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.ok ? { model_id: server.model_id, ok: true, status: response.status } : { model_id: server.model_id, ok: false, status: response.status, detail: `answered ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { model_id: server.model_id, ok: false, detail: cause?.code ?? (error as Error).message };
  }
}

/** GET /info of a policy server: its display name and type when it gives them. */
export async function policyInfo(server: PolicyServer, timeoutMs = 2000): Promise<{ name?: string; type?: string } | null> {
  try {
    const response = await fetch(`${server.url}/info`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return null;
    const info = (await response.json()) as Record<string, unknown>;
    return {
      name: typeof info.name === 'string' ? info.name : undefined,
      type: typeof info.type === 'string' ? info.type : undefined,
    };
  } catch {
    return null;
  }
}
