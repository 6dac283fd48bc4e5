// Heavy worker: simulation speed (simulated s per wall s) for a 10-body scene in smoke and full
// mode, and validate latency for a 50-part assembly. Scenes are written through the light
// worker's fs/write, as an agent would.
import { assemblyFor } from '../../fixtures/workbench/assembly.ts';
import { median, type BenchContext, type BenchRow, type BenchSuite } from '../types.ts';

const OBJECTIVES = `objectives:
  goal_zone: {min: [0.4, 0.4, 0], max: [0.5, 0.5, 0.1]}
  build_zone: {min: [-1, -1, -0.1], max: [1, 1, 0.5]}
simulation_bounds: {min: [-2, -2, -0.5], max: [2, 2, 2]}
moved_object: {label: ball, shape: sphere, radius: 0.01, start_position: [-0.4, -0.4, 0.3]}
constraints: {max_unit_cost: 100000, max_weight_g: 1000000}
`;

/** A fixed floor, nine 4 cm ABS cubes dropped onto it and the ball: 10 dynamic bodies. */
const TEN_BODIES = `import { box, part } from 'workbench/cad';
export default () => [
  part('floor', box([1.6, 1.6, 0.02]).translate(0, 0, -0.01), { material_id: 'aluminum_6061', fixed: true }),
  ...Array.from({ length: 9 }, (_, i) => part('cube' + i, box([0.04, 0.04, 0.04]).translate((i % 3) * 0.1 - 0.1, Math.floor(i / 3) * 0.1 - 0.1, 0.05 + i * 0.01), { material_id: 'abs', fixed: false })),
];
`;

/** 50 fixed 3 cm parts on a 10 × 5 grid (no intersections), alternating materials. */
const FIFTY_PARTS = `import { box, cylinder, part } from 'workbench/cad';
export default () => Array.from({ length: 50 }, (_, i) => {
  const solid = (i % 2 ? box([0.03, 0.03, 0.03]) : box([0.03, 0.03, 0.03]).difference(cylinder(0.008, 0.04))).translate((i % 10) * 0.05 - 0.25, Math.floor(i / 10) * 0.05 - 0.1, 0.015);
  return part('p' + i, solid, { material_id: i % 2 ? 'steel' : 'abs', fixed: true });
});
`;

async function post(url: string, sessionId: string, body: unknown): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-session-id': sessionId }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Writes the scene and its assembly_definition.yaml, priced from what validate reports (as the
 * specs' putAssembly does): simulate needs a successful validate-and-price of the current files.
 */
async function scene(ctx: BenchContext, sessionId: string, script: string): Promise<void> {
  const write = (path: string, content: string) => post(`${ctx.urls['worker-light']}/fs/write`, sessionId, { path, content, overwrite: true });
  const validate = () => post(`${ctx.urls['worker-heavy']}/benchmark/validate`, sessionId, {});
  await write('script.ts', script);
  await write('objectives.yaml', OBJECTIVES);
  const { parts, constraints } = (await validate()).artifacts;
  await write('assembly_definition.yaml', assemblyFor(parts, { unit_cost: 0, weight_g: 0 }, constraints));
  const { totals } = (await validate()).artifacts.pricing;
  await write('assembly_definition.yaml', assemblyFor(parts, { unit_cost: +totals.unit_cost.toFixed(4), weight_g: +totals.weight_g.toFixed(3) }, constraints));
  const priced = await validate();
  if (!priced.success) throw new Error(`${sessionId}: the bench scene does not validate: ${priced.message}`);
}

export const workerHeavy: BenchSuite = async (ctx) => {
  const heavy = ctx.urls['worker-heavy']!;
  const tag = Date.now().toString(16);
  const sim = `bench-heavy-sim-${tag}`;
  const val = `bench-heavy-validate-${tag}`;
  await scene(ctx, sim, TEN_BODIES);
  await scene(ctx, val, FIFTY_PARTS);
  await post(`${heavy}/benchmark/simulate`, sim, { smoke_test_mode: true, seed: 1 }); // warm-up

  const rows: BenchRow[] = [];
  for (const smoke of [true, false]) {
    const rates: number[] = [];
    const rounds: number[] = [];
    const runs = smoke ? ctx.runs : Math.max(1, Math.min(ctx.runs, 3));
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const body = await post(`${heavy}/benchmark/simulate`, sim, { smoke_test_mode: smoke, seed: 1 });
      rounds.push((performance.now() - started) / 1000);
      if (body.artifacts.failure?.reason !== 'TIMEOUT') throw new Error(`10-body scene should run to the horizon, got ${body.message}`);
      rates.push(body.artifacts.time_elapsed_s / body.artifacts.wall_time_s);
    }
    const mode = smoke ? 'smoke (0.5 s)' : 'full (30 s)';
    rows.push({ name: `simulate 10-body scene, ${mode}: simulated s per wall s (physics loop)`, value: median(rates), unit: 'sim-s/s', ...(smoke ? {} : { target: '≥ 10 (30 s in ≤ 3 s)' }) });
    rows.push({
      name: `simulate 10-body scene, ${mode}: request round trip`,
      value: median(rounds),
      unit: 's',
      ...(smoke ? {} : { target: '≤ 3 s' }),
      note: `script run (esbuild + sandboxed child node) + worker-side mesh measurement + setup checks + scene build + physics (CCD) + GLB/trajectory writes${smoke ? '' : ' + renders (4 views, MP4)'}`,
    });
  }

  const latencies: number[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    const started = performance.now();
    const body = await post(`${heavy}/benchmark/validate`, val, {});
    latencies.push((performance.now() - started) / 1000);
    if (body.artifacts.totals.part_count !== 50 || !body.success) throw new Error(`expected 50 valid parts, got ${body.message}`);
  }
  rows.push({ name: 'validate 50-part assembly: request latency', value: median(latencies), unit: 's', note: 'sandboxed script run, every mesh measured by the worker, 1225 pairs bbox-filtered, manifold booleans, jitter envelope' });
  return rows;
};
