// Controller calls for the specs: the API-key header, and waiting for an episode to reach a
// status by reading it over HTTP (the assertions stay in the specs).
import { expect, type APIRequestContext } from '@playwright/test';
import { CONTROLLER_DEV_API_KEY } from '../../services/shared/src/schemas.ts';

export const apiKey = { 'x-api-key': CONTROLLER_DEV_API_KEY };

export interface Trace {
  id: number;
  trace_type: string;
  name: string | null;
  content: string | null;
  metadata: Record<string, any>;
  feedback_score: 0 | 1 | null;
  feedback_comment: string | null;
  created_at: string;
}

export interface Episode {
  id: string;
  session_id: string;
  task: string;
  status: string;
  workflow_id: string | null;
  metadata_vars: Record<string, any>;
  plan: string | null;
  todo_list: { text: string; state: string }[] | null;
  traces: Trace[];
  assets: { id: number; asset_type: string; s3_path: string; bucket: string; key: string; etag: string | null; path: string | null; size_bytes: number | null }[];
  created_at: string;
  updated_at: string;
}

export async function startRun(controller: APIRequestContext, sessionId: string, task = 'Drop the ball into the goal zone'): Promise<string> {
  const res = await controller.post('/agent/run', { headers: apiKey, data: { task, session_id: sessionId } });
  expect(res.status(), await res.text()).toBe(202);
  const body = await res.json();
  expect(body).toMatchObject({ status: 'accepted', episode_id: expect.any(String) });
  return body.episode_id;
}

export async function getEpisode(controller: APIRequestContext, id: string): Promise<Episode> {
  const res = await controller.get(`/episodes/${id}`, { headers: apiKey });
  expect(res.status()).toBe(200);
  return res.json();
}

/** Polls GET /episodes/{id} until `until(episode)` holds; returns that episode. */
export async function waitForEpisode(controller: APIRequestContext, id: string, until: (e: Episode) => boolean, timeout = 60_000): Promise<Episode> {
  let last: Episode | undefined;
  await expect
    .poll(
      async () => {
        last = await getEpisode(controller, id);
        return until(last);
      },
      { timeout, intervals: [100, 200, 250] },
    )
    .toBe(true);
  return last!;
}

export const hasStatus = (...statuses: string[]) => (e: Episode) => statuses.includes(e.status);
export const tracesOf = (e: Episode, type: string, name?: string) => e.traces.filter((t) => t.trace_type === type && (name === undefined || t.name === name));
