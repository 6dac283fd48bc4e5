// Starting runs and reading episodes over the controller's HTTP API (what the UI shows is
// checked against this).
import { expect, type APIRequestContext } from '@playwright/test';
import { CONTROLLER_DEV_API_KEY } from '../../services/shared/src/schemas.ts';

/** The controller's key (its development default unless the stack sets one). */
export const API_KEY = process.env.CONTROLLER_API_KEY ?? CONTROLLER_DEV_API_KEY;
export const auth = { 'X-API-Key': API_KEY };

export interface TraceJson {
  id: number | string;
  trace_type: string;
  name: string | null;
  content: string | null;
  metadata: Record<string, unknown> | null;
  feedback_score: number | null;
  feedback_comment: string | null;
}
export interface EpisodeJson {
  id: string;
  session_id: string;
  task: string;
  status: string;
  plan: string | null;
  metadata_vars: Record<string, unknown>;
  traces: TraceJson[];
  assets: { id: number | string; asset_type: string; s3_path: string }[];
}

export async function startRun(controller: APIRequestContext, sessionId: string, task: string): Promise<string> {
  const res = await controller.post('/agent/run', { headers: auth, data: { task, session_id: sessionId } });
  expect(res.status(), await res.text()).toBe(202);
  return (await res.json()).episode_id as string;
}

export async function getEpisode(controller: APIRequestContext, id: string): Promise<EpisodeJson> {
  const res = await controller.get(`/episodes/${id}`, { headers: auth });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as EpisodeJson;
}

export async function listEpisodes(controller: APIRequestContext): Promise<EpisodeJson[]> {
  const res = await controller.get('/episodes?limit=100&offset=0', { headers: auth });
  expect(res.status(), await res.text()).toBe(200);
  const body = await res.json();
  return (Array.isArray(body) ? body : (body.episodes ?? body.items)) as EpisodeJson[];
}

/** Polls the episode until its status is one of `statuses`; returns it. */
export async function waitForStatus(controller: APIRequestContext, id: string, statuses: string[], timeout = 90_000): Promise<EpisodeJson> {
  let episode: EpisodeJson | undefined;
  await expect
    .poll(async () => (episode = await getEpisode(controller, id)).status, { timeout, intervals: [250, 500, 1000], message: `episode ${id} to reach ${statuses.join('|')}` })
    .toMatch(new RegExp(`^(${statuses.join('|')})$`));
  return episode!;
}

/** A finished run of the scripted model (build script, validation, simulation). */
export async function completedRun(controller: APIRequestContext, sessionId: string, task: string): Promise<EpisodeJson> {
  const id = await startRun(controller, sessionId, task);
  return waitForStatus(controller, id, ['completed']);
}

/** A text file of the session's workspace, read back from the light worker (not through the UI's proxy). */
export async function readWorkspaceFile(workerLight: APIRequestContext, sessionId: string, path: string): Promise<string> {
  const res = await workerLight.post('/fs/read', { headers: { 'x-session-id': sessionId }, data: { path } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).content as string;
}
