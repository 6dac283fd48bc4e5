// Helpers of the arena's browser specs: drive a battle through the page, read both 3D views and
// their joint readouts, and make battles through the backend's API (fixtures/arena/backend.ts).
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect } from '../../../fixtures/arena.ts';
import { openSession, runTurn, vote } from '../../../fixtures/arena/backend.ts';

export const ROBOT = 'franka_panda';
export const SCENE = 'table_pick_place';
export const SIDES = ['left', 'right'] as const;
export type Side = (typeof SIDES)[number];

export interface EpisodeBody {
  episode_id: string;
  battle_id: string;
  turn_id: string;
  side: Side;
  model_id: string;
  states: { qpos: number[]; qvel: number[]; time: number }[];
  actions: number[][];
}

export interface BattleBody {
  battle_id: string;
  left_model: string;
  right_model: string;
  voted: boolean;
  vote: string | null;
  turns: { turn_id: string; seq: number; instruction: string; left_episode_id: string; right_episode_id: string }[];
}

/** Opens the battle page, picks the seed's robot and scene, starts a session; returns its ids from the page. */
export async function startBattleInPage(page: Page): Promise<{ sessionId: string; battleId: string }> {
  await page.goto('/');
  await page.getByTestId('robot-select').selectOption(ROBOT);
  await page.getByTestId('scene-select').selectOption(SCENE);
  await page.getByTestId('start-session').click();
  const battle = page.getByTestId('battle');
  await expect(battle).toBeVisible({ timeout: 15_000 });
  await expect(page).toHaveURL(/[?&]session=sess_[0-9a-f]{32}/);
  return { sessionId: (await battle.getAttribute('data-session-id'))!, battleId: (await battle.getAttribute('data-battle-id'))! };
}

/** Types an instruction and runs the turn; the page is busy while both policies roll out. Waits for both replays to be ready. */
export async function runTurnInPage(page: Page, instruction: string, seq: number): Promise<void> {
  await page.getByTestId('instruction-input').fill(instruction);
  // A quick rollout may be over before a poll sees it: the page itself records every moment the
  // busy note is shown, with the state of the controls at that moment.
  await page.evaluate(() => {
    const w = window as unknown as { __busy: { run: boolean; input: boolean }[]; __busyObserver?: MutationObserver };
    w.__busyObserver?.disconnect();
    w.__busy = [];
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="turn-busy"]')) return;
      const disabled = (id: string) => (document.querySelector(`[data-testid="${id}"]`) as HTMLButtonElement | HTMLInputElement | null)?.disabled ?? false;
      w.__busy.push({ run: disabled('run-turn'), input: disabled('instruction-input') });
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    w.__busyObserver = observer;
  });
  await page.getByTestId('run-turn').click();
  await expect(page.getByTestId('turn-instruction')).toHaveAttribute('data-seq', String(seq), { timeout: 90_000 });
  await expect(page.getByTestId('turn-busy')).toHaveCount(0);
  await expect(page.getByTestId('turn-error')).toHaveCount(0);
  const busy = await page.evaluate(() => {
    const w = window as unknown as { __busy: { run: boolean; input: boolean }[]; __busyObserver?: MutationObserver };
    w.__busyObserver?.disconnect();
    return w.__busy;
  });
  expect(busy.length, 'the page showed it was busy while the policies rolled out').toBeGreaterThan(0);
  expect(busy.every((b) => b.run && b.input), 'no second turn could be sent while busy').toBe(true);
  await replaysReady(page);
}

export async function replaysReady(page: Page): Promise<void> {
  for (const side of SIDES) await expect(page.getByTestId(`viewer-${side}`)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
}

/** Moves the shared timeline to a simulation time (ms) with the range input, as a user drags it. */
export async function scrubTo(page: Page, ms: number | 'start' | 'end'): Promise<void> {
  const scrub = page.getByTestId('timeline-scrub');
  const value = ms === 'start' ? await scrub.getAttribute('min') : ms === 'end' ? await scrub.getAttribute('max') : String(ms);
  await scrub.fill(value!);
  await replaysReady(page);
}

/** The shown frame's pixels, in grey levels on a 2-pixel grid (WebGL keeps its drawing buffer). */
export function canvasPixels(page: Page, side: Side): Promise<number[]> {
  return page.getByTestId(`viewer-canvas-${side}`).evaluate((gl) => {
    const canvas = gl as HTMLCanvasElement;
    const c = document.createElement('canvas');
    c.width = canvas.width;
    c.height = canvas.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const out: number[] = [];
    for (let y = 0; y < c.height; y += 2) for (let x = 0; x < c.width; x += 2) {
      const i = 4 * (y * c.width + x);
      out.push(Math.round((data[i]! + data[i + 1]! + data[i + 2]!) / 3));
    }
    return out;
  });
}

export function differingPixels(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((n, v, i) => n + (Math.abs(v - b[i]!) > 8 ? 1 : 0), 0);
}

/** The joints the readout lists with their qpos addresses and values (what MuJoCo holds after mj_forward). */
export async function readout(page: Page, side: Side): Promise<{ frame: number; joints: { name: string; adr: number; value: number; text: string }[] }> {
  const box = page.getByTestId(`joint-readout-${side}`);
  const frame = Number(await box.getAttribute('data-frame'));
  const joints = await box.locator('li').evaluateAll((items) =>
    items.map((li) => ({
      name: li.getAttribute('data-joint')!,
      adr: Number(li.getAttribute('data-qposadr')),
      value: Number(li.getAttribute('data-value')),
      text: li.querySelector('.joint-value')!.textContent!,
    })),
  );
  return { frame, joints };
}

/** The simulation time the shared timeline shows. */
export async function timelineTime(page: Page): Promise<number> {
  return Number(await page.getByTestId('timeline-time').getAttribute('data-time'));
}

/** The readout of a side equals the episode's recorded qpos at the frame the timeline's time selects. */
export async function expectReadoutMatchesEpisode(page: Page, side: Side, episode: EpisodeBody): Promise<number> {
  const t = await timelineTime(page);
  const { frame, joints } = await readout(page, side);
  const states = episode.states;
  expect(frame, `${side}: a frame of the episode is shown`).toBeGreaterThanOrEqual(0);
  // The shown state is the last one recorded at or before the timeline's time.
  expect(states[frame]!.time).toBeLessThanOrEqual(t + 1e-6);
  if (frame + 1 < states.length) expect(states[frame + 1]!.time).toBeGreaterThan(t + 1e-6);
  expect(joints.length, `${side}: the arm's 7 joints and the gripper are listed`).toBeGreaterThanOrEqual(8);
  for (const j of joints) {
    const recorded = states[frame]!.qpos[j.adr]!;
    expect(j.value, `${side} ${j.name} = qpos[${j.adr}] of state ${frame}`).toBeCloseTo(recorded, 9);
    expect(j.text).toBe(recorded.toFixed(3));
  }
  return frame;
}

export async function getJson<T>(api: APIRequestContext, path: string): Promise<T> {
  const res = await api.get(path);
  expect(res.status(), `GET ${path}`).toBe(200);
  return (await res.json()) as T;
}

export async function turnEpisodes(backend: APIRequestContext, battleId: string, seq: number): Promise<Record<Side, EpisodeBody>> {
  const battle = await getJson<BattleBody>(backend, `/api/battles/${battleId}`);
  const turn = battle.turns.find((t) => t.seq === seq)!;
  expect(turn, `turn ${seq} of ${battleId}`).toBeTruthy();
  const [left, right] = await Promise.all([
    getJson<EpisodeBody>(backend, `/api/episodes/${turn.left_episode_id}`),
    getJson<EpisodeBody>(backend, `/api/episodes/${turn.right_episode_id}`),
  ]);
  return { left, right };
}

/** A session, one turn and (optionally) a vote, all through the API. */
export async function apiBattle(backend: APIRequestContext, instruction: string, choice?: string): Promise<{ sessionId: string; battleId: string }> {
  const { session_id: sessionId, battle_id: battleId } = await openSession(backend, SCENE);
  await runTurn(backend, battleId, instruction);
  if (choice) await vote(backend, battleId, choice);
  return { sessionId, battleId };
}

export const voteButtons = (page: Page): Locator[] => ['left_better', 'right_better', 'tie', 'both_bad'].map((v) => page.getByTestId(`vote-${v}`));
