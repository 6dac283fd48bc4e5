// Arena calls for the specs: opening a session and running a turn over the backend's HTTP API,
// and the composed MJCF of a session (what the policy servers are sent). Assertions stay in specs.
import { expect, type APIRequestContext } from '@playwright/test';

/** The seed's sample model: one body holding one sphere, no joints. */
export const SAMPLE_XML = '<mujoco><worldbody><body name="ball" pos="0 0 1"><geom type="sphere" size="0.1"/></body></worldbody></mujoco>';

export interface Session {
  session_id: string;
  battle_id: string;
}

export async function openSession(backend: APIRequestContext, scene = 'table_pick_place'): Promise<Session> {
  const res = await backend.post('/api/sessions/init', { data: { robot_id: 'franka_panda', scene_id: scene } });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

export async function runTurn(backend: APIRequestContext, battleId: string, instruction = 'pick up the red cube') {
  const res = await backend.post(`/api/battles/${battleId}/turns`, { data: { instruction } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { turn_id: string; left_episode_id: string; right_episode_id: string; status: string; seq: number };
}

export async function sessionXml(backend: APIRequestContext, sessionId: string): Promise<string> {
  const res = await backend.get(`/api/sessions/${sessionId}/mjcf`);
  expect(res.status()).toBe(200);
  return res.text();
}

export async function vote(backend: APIRequestContext, battleId: string, choice: string) {
  const res = await backend.post('/api/votes', { data: { battle_id: battleId, vote: choice } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { vote_id: string; revealed_models: { left: string; right: string } };
}
