// Scenes for the heavy-worker specs: a build script (TypeScript, importing `workbench/cad`) and an
// objectives.yaml, written into a session through the light worker's fs/write — the way an agent
// would — plus a reader for the session's events.jsonl. SI units, Z up.
import { stringify } from 'yaml';
import { expect, type APIRequestContext } from '@playwright/test';
import { sessionHeaders } from './session.ts';
import { putAssembly } from '../../fixtures/workbench/assembly.ts';

export type Box = { min: number[]; max: number[] };

export interface Objectives {
  goal?: Box;
  forbid?: { name: string; min: number[]; max: number[] }[];
  build?: Box;
  bounds?: Box;
  start: number[];
  jitter?: number[];
  radius?: number;
  constraints?: { max_unit_cost?: number; max_weight_g?: number };
  variant_id?: string;
}

export function objectivesYaml(o: Objectives): string {
  return stringify({
    ...(o.variant_id ? { variant_id: o.variant_id } : {}),
    objectives: {
      goal_zone: o.goal ?? { min: [0.3, 0.3, 0], max: [0.4, 0.4, 0.08] },
      forbid_zones: o.forbid ?? [],
      build_zone: o.build ?? { min: [-0.5, -0.5, -0.1], max: [0.5, 0.5, 0.5] },
    },
    simulation_bounds: o.bounds ?? { min: [-1, -1, -0.2], max: [1, 1, 1] },
    moved_object: { label: 'ball', shape: 'sphere', radius: o.radius ?? 0.01, material_id: 'steel', start_position: o.start, runtime_jitter: o.jitter ?? [0, 0, 0] },
    constraints: o.constraints ?? { max_unit_cost: 10000, max_weight_g: 100000 },
  });
}

const FLOOR = `part('floor', box([0.8, 0.8, 0.02]).translate(0, 0, -0.01), { material_id: 'aluminum_6061', fixed: true, manufacturing_method: 'CNC' })`;

export const SCRIPTS = {
  /** A 80 × 80 cm aluminium floor plate, top face at z = 0. */
  floor: `import { box, part } from 'workbench/cad';\nexport default function build() {\n  return [${FLOOR}];\n}\n`,
  /** A 20 × 10 cm plate tilted 15° about Y (its +X end low), centred on the origin. */
  tilted: `import { box, part } from 'workbench/cad';\nexport default () => [part('ramp', box([0.2, 0.1, 0.01]).rotate(0, 15, 0), { material_id: 'aluminum_6061', fixed: true })];\n`,
  /** A 2 cm steel carriage on a prismatic X joint to the world at z = 0.2, with `joint` merged in. */
  slider: (joint: Record<string, unknown>) =>
    `import { box, part } from 'workbench/cad';\nexport default () => [${FLOOR}, part('carriage', box([0.02, 0.02, 0.02]).translate(0, 0, 0.2), { material_id: 'steel', fixed: false, joint: ${JSON.stringify({ type: 'prismatic', anchor: [0, 0, 0.2], axis: [1, 0, 0], ...joint })} })];\n`,
  /** The same 2 cm steel cube (m = 62.8 g) on a VERTICAL (Z) prismatic joint at z = 0.2: its actuator carries m·g. */
  lift: (joint: Record<string, unknown>) =>
    `import { box, part } from 'workbench/cad';\nexport default () => [${FLOOR}, part('lift', box([0.02, 0.02, 0.02]).translate(0, 0, 0.2), { material_id: 'steel', fixed: false, joint: ${JSON.stringify({ type: 'prismatic', anchor: [0, 0, 0.2], axis: [0, 0, 1], ...joint })} })];\n`,
  /** A steel disc (r = 5 cm, 1 cm thick) on a revolute Z joint at z = 0.2: nothing loads it but its own inertia. */
  wheel: (joint: Record<string, unknown>) =>
    `import { box, cylinder, part } from 'workbench/cad';\nexport default () => [${FLOOR}, part('wheel', cylinder(0.05, 0.01).translate(0, 0, 0.2), { material_id: 'steel', fixed: false, joint: ${JSON.stringify({ type: 'revolute', anchor: [0, 0, 0.2], axis: [0, 0, 1], ...joint })} })];\n`,
};

/** Weight of the 2 cm steel cube of `lift`, N. */
export const CUBE_WEIGHT_N = 0.02 ** 3 * 7850 * 9.81;

/** Ball centre resting on the tilted plate, 5 cm up-slope from its low end. */
export function tiltedPlateStart(r = 0.01): number[] {
  const a = (15 * Math.PI) / 180;
  const lx = 0.05, lz = 0.005 + r + 0.0005;
  return [lx * Math.cos(a) + lz * Math.sin(a), 0, -lx * Math.sin(a) + lz * Math.cos(a)];
}

/** Writes one file into the session through the light worker. */
export async function putFile(workerLight: APIRequestContext, sessionId: string, path: string, content: string): Promise<void> {
  const res = await workerLight.post('/fs/write', { headers: sessionHeaders(sessionId), data: { path, content, overwrite: true } });
  expect(res.status(), `fs/write ${path}`).toBe(200);
}

/** Reads one text file of the session through the light worker (undefined when missing). */
export async function readFile(workerLight: APIRequestContext, sessionId: string, path: string): Promise<string | undefined> {
  const res = await workerLight.post('/fs/read', { headers: sessionHeaders(sessionId), data: { path } });
  if (res.status() === 404) return undefined;
  expect(res.status(), `fs/read ${path}`).toBe(200);
  return (await res.json()).content;
}

export type HeavyResponse = { success: boolean; message: string; confidence: number; artifacts: Record<string, any>; events: { event_type: string; [k: string]: any }[] };

/** POST /benchmark/<route> on the heavy worker: status and JSON body. */
export async function heavy(workerHeavy: APIRequestContext, route: 'validate' | 'simulate' | 'verify' | 'submit', sessionId: string, body: Record<string, unknown> = {}) {
  const res = await workerHeavy.post(`/benchmark/${route}`, { headers: sessionHeaders(sessionId), data: body });
  return { status: res.status(), body: (await res.json()) as HeavyResponse & { error?: string; field?: string } };
}

/**
 * Writes script.ts, objectives.yaml and an assembly_definition.yaml into the session through the
 * light worker, then validates (fixtures/workbench/assembly.ts): a sound scene ends validated, so
 * simulate/verify/submit accept it. `assembly` overrides the definition (false: none, no validation).
 */
export async function putScene(workerLight: APIRequestContext, sessionId: string, script: string, objectives: Objectives | string, opts: { assembly?: string | false } = {}): Promise<void> {
  for (const [path, content] of [
    ['script.ts', script],
    ['objectives.yaml', typeof objectives === 'string' ? objectives : objectivesYaml(objectives)],
  ] as const) {
    const res = await workerLight.post('/fs/write', { headers: sessionHeaders(sessionId), data: { path, content, overwrite: true } });
    expect(res.status(), `fs/write ${path}`).toBe(200);
  }
  await putAssembly(workerLight, sessionId, opts);
}

/** The session's events.jsonl, read through the light worker. */
export async function sessionEvents(workerLight: APIRequestContext, sessionId: string): Promise<{ event_type: string; [k: string]: unknown }[]> {
  const res = await workerLight.post('/fs/read', { headers: sessionHeaders(sessionId), data: { path: 'events.jsonl' } });
  expect(res.status()).toBe(200);
  const { content } = (await res.json()) as { content: string };
  return content.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}
