import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';
import type { APIRequestContext } from '@playwright/test';
import { heavy, objectivesYaml, putFile, putScene, readFile, SCRIPTS, sessionEvents } from './support/heavy-scenes.ts';

type Validation = { success: boolean; message: string; artifacts: Record<string, any>; events: { event_type: string; [k: string]: any }[] };

async function validate(workerHeavy: APIRequestContext, sessionId: string): Promise<Validation> {
  const res = await workerHeavy.post('/benchmark/validate', { headers: sessionHeaders(sessionId), data: {} });
  expect(res.status()).toBe(200);
  return res.json();
}

/**
 * A 10 cm steel cube (7.85 kg) standing on the floor at the origin. CNC from a 104 mm block:
 * 8.830 kg × 2.5 = 22.075 + (1124.864 − 1000) cm³ ÷ 8 cm³/min × 75/h = 19.51 + setup 150 = 191.585.
 */
const CUBE_COST = (10.4 ** 3 * 7.85 / 1000) * 2.5 + ((10.4 ** 3 - 1000) / 8 / 60) * 75 + 150;
const CUBE = `import { box, part } from 'workbench/cad';
export default () => [part('block', box([0.1, 0.1, 0.1]).translate(0, 0, 0.05), { material_id: 'steel', fixed: true, manufacturing_method: 'CNC' })];
`;

test.describe('validation', () => {
  test('INT-019 over price, over weight or outside the build zone is blocked with the specific reason', { tag: ['@p0', '@INT-019'] }, async ({ workerLight, workerHeavy, sessionId }) => {
    const start = [0.35, 0.35, 0.2];
    await test.step('within every cap: success with mass = volume × density and cost priced from config/manufacturing.yaml', async () => {
      const sid = `${sessionId}-ok`;
      await putScene(workerLight, sid, CUBE, { start, constraints: { max_weight_g: 8000, max_unit_cost: 200 } });
      const v = await validate(workerHeavy, sid);
      expect(v.success).toBe(true);
      expect(v.artifacts.failure).toBeNull();
      expect(v.artifacts.totals.mass_g).toBeCloseTo(7850, 3);
      expect(v.artifacts.totals.cost).toBeCloseTo(CUBE_COST, 3);
      const stored = JSON.parse((await (await workerLight.post('/fs/read', { headers: sessionHeaders(sid), data: { path: 'validation_results.json' } })).json()).content);
      expect(stored).toMatchObject({ success: true, totals: { part_count: 1 } });
      expect(v.events[0]).toMatchObject({ event_type: 'manufacturability_check', success: true });
    });
    const cases: [string, string, Parameters<typeof putScene>[3], RegExp][] = [
      ['expected failure: over weight → VALIDATION_FAILED naming max_weight_g', 'heavy', { start, constraints: { max_weight_g: 5000 } }, /total weight 7850\.0 g exceeds max_weight_g 5000 g/],
      ['expected failure: over price → VALIDATION_FAILED naming max_unit_cost', 'pricey', { start, constraints: { max_unit_cost: 20 } }, /total cost 191\.5\d exceeds max_unit_cost 20/],
      ['expected failure: outside the build zone → VALIDATION_FAILED naming the part', 'zone', { start, build: { min: [-0.04, -0.04, 0], max: [0.04, 0.04, 0.2] } }, /part "block" bounding box .* is outside objectives\.build_zone/],
    ];
    for (const [title, suffix, objectives, message] of cases) {
      await test.step(title, async () => {
        const sid = `${sessionId}-${suffix}`;
        await putScene(workerLight, sid, CUBE, objectives);
        const v = await validate(workerHeavy, sid);
        expect(v.success).toBe(false);
        expect(v.artifacts.failure.reason).toBe('VALIDATION_FAILED');
        expect(v.artifacts.failure.detail).toMatch(message);
        expect(v.message).toMatch(message);
        const [event] = v.events;
        expect(event).toMatchObject({ event_type: 'manufacturability_check', success: false });
        expect((await sessionEvents(workerLight, sid)).at(-1)).toEqual(event);
      });
    }
    await test.step('expected failure: a material that cannot be made by the chosen method → MANUFACTURABILITY_FAILED', async () => {
      const sid = `${sessionId}-method`;
      await putScene(workerLight, sid, CUBE.replace("'CNC'", "'IM'"), { start });
      const v = await validate(workerHeavy, sid);
      expect(v.artifacts.failure).toMatchObject({ reason: 'MANUFACTURABILITY_FAILED', detail: expect.stringContaining('steel cannot be made by IM (allowed for IM: abs, nylon, polypropylene, rubber)') });
    });
    await test.step('expected failure: a script that fakes its solids\' volume and bounding box gets the real mass, cost and overlap', async () => {
      const sid = `${sessionId}-forge`;
      // Two overlapping 10 cm steel cubes that claim to be 1 mm³ specks at the origin.
      const forge = `import { box, part } from 'workbench/cad';
const fake = (s) => {
  s.manifold.volume = () => 1e-9;
  s.manifold.boundingBox = () => ({ min: [0, 0, 0], max: [0.001, 0.001, 0.001] });
  return s;
};
export default () => [
  part('a', fake(box([0.1, 0.1, 0.1]).translate(0, 0, 0.05)), { material_id: 'steel', fixed: true }),
  part('b', fake(box([0.1, 0.1, 0.1]).translate(0.08, 0, 0.05)), { material_id: 'steel', fixed: true }),
];
`;
      await putScene(workerLight, sid, forge, { start, constraints: { max_unit_cost: 1, max_weight_g: 10 } });
      const v = await validate(workerHeavy, sid);
      expect(v.success).toBe(false);
      expect(v.artifacts.totals.mass_g).toBeCloseTo(2 * 7850, 2); // 2 × 1 L of steel
      expect(v.artifacts.parts[0].bbox.max[0]).toBeCloseTo(0.05, 6);
      expect(v.artifacts.intersections).toMatchObject([{ a: 'a', b: 'b' }]);
      expect(v.artifacts.intersections[0].volume_cm3).toBeCloseTo(200, 2);
      expect(v.artifacts.failure.detail).toMatch(/total weight 15700\.0 g exceeds max_weight_g 10 g/);
      expect(v.artifacts.failure.detail).toMatch(/total cost 383\.1\d exceeds max_unit_cost 1/);
    });
    await test.step('expected failure: an unknown material → VALIDATION_FAILED naming part and material', async () => {
      const sid = `${sessionId}-unobtainium`;
      await putScene(workerLight, sid, CUBE.replace("'steel'", "'unobtainium'"), { start });
      const v = await validate(workerHeavy, sid);
      expect(v.artifacts.failure.detail).toContain('part "block" uses unknown material "unobtainium"');
    });
  });

  /** Two 10 cm aluminium cubes, the second `dx` metres along X from the first. */
  const twoCubes = (dx: number) => `import { box, part } from 'workbench/cad';
export default () => [
  part('left', box([0.1, 0.1, 0.1]).translate(0, 0, 0.05), { material_id: 'aluminum_6061', fixed: true }),
  part('right', box([0.1, 0.1, 0.1]).translate(${dx}, 0, 0.05), { material_id: 'aluminum_6061', fixed: true }),
];
`;

  test('INT-024 validate catches intersecting solids and objective setups that fail across the randomization range', { tag: ['@p0', '@INT-024'] }, async ({ workerLight, workerHeavy, sessionId }) => {
    await test.step('expected failure: two overlapping parts → their intersection volume is measured and reported', async () => {
      const sid = `${sessionId}-overlap`;
      await putScene(workerLight, sid, twoCubes(0.08), { start: [0.35, 0.35, 0.2] });
      const v = await validate(workerHeavy, sid);
      expect(v.artifacts.failure.reason).toBe('VALIDATION_FAILED');
      expect(v.artifacts.intersections).toHaveLength(1);
      expect(v.artifacts.intersections[0]).toMatchObject({ a: 'left', b: 'right' });
      expect(v.artifacts.intersections[0].volume_cm3).toBeCloseTo(200, 2); // 2 × 10 × 10 cm
      expect(v.artifacts.failure.detail).toContain('parts "left" and "right" intersect (200.000 cm³)');
    });
    await test.step('touching faces are not an intersection', async () => {
      const sid = `${sessionId}-touch`;
      await putScene(workerLight, sid, twoCubes(0.1), { start: [0.35, 0.35, 0.2] });
      const v = await validate(workerHeavy, sid);
      expect(v.artifacts.intersections).toEqual([]);
      expect(v.success).toBe(true);
    });
    await test.step('expected failure: the moved object intersects a part somewhere within its runtime jitter range', async () => {
      const sid = `${sessionId}-jitter`;
      // 3 mm above the floor nominally, but ± 5 mm of vertical jitter reaches into it
      await putScene(workerLight, sid, SCRIPTS.floor, { start: [0.35, 0.35, 0.013], jitter: [0, 0, 0.005] });
      const v = await validate(workerHeavy, sid);
      expect(v.artifacts.failure.detail).toMatch(/moved object "ball" intersects part "floor" within its start jitter range/);
    });
    await test.step('expected failure: jitter that reaches a forbid zone, a goal touching a forbid zone, zones outside the bounds', async () => {
      const sid = `${sessionId}-zones`;
      await putScene(workerLight, sid, SCRIPTS.floor, {
        start: [0, 0, 0.3],
        jitter: [0.06, 0, 0],
        forbid: [
          { name: 'wall', min: [0.065, -0.1, 0.2], max: [0.1, 0.1, 0.4] },
          { name: 'moat', min: [0.35, 0.2, 0], max: [0.5, 0.5, 0.05] },
        ],
        goal: { min: [0.3, 0.3, 0], max: [1.2, 0.4, 0.08] },
      });
      const v = await validate(workerHeavy, sid);
      const problems: string[] = v.artifacts.objectives_problems;
      expect(problems.sort()).toEqual([
        'moved object "ball" start range (start_position ± runtime_jitter) touches forbid zone "wall"',
        'forbid zone "moat" intersects objectives.goal_zone',
        'objectives.goal_zone is not inside simulation_bounds',
      ].sort());
    });
    await test.step('expected failure: a part named like the moved object → VALIDATION_FAILED naming the duplicate', async () => {
      const sid = `${sessionId}-twin`;
      await putScene(workerLight, sid, SCRIPTS.floor.replace("part('floor'", "part('ball'"), { start: [0.35, 0.35, 0.2] });
      const v = await validate(workerHeavy, sid);
      expect(v.artifacts.failure.detail).toContain('part "ball" has the same name as the moved object (moved_object.label)');
    });
    await test.step('expected failure: objectives.yaml that is a folder → VALIDATION_FAILED saying so, not a 500', async () => {
      const sid = `${sessionId}-objdir`;
      await putFile(workerLight, sid, 'script.ts', SCRIPTS.floor);
      await putFile(workerLight, sid, 'objectives.yaml/notes.md', 'a folder by mistake');
      const v = await validate(workerHeavy, sid);
      expect(v.artifacts.failure).toEqual({ reason: 'VALIDATION_FAILED', detail: 'objectives.yaml is a directory, not a file' });
    });
    await test.step('expected failure: a mesh that is not a closed solid, and a script that throws → VALIDATION_FAILED naming the part or the error', async () => {
      const sid = `${sessionId}-mesh`;
      await putFile(workerLight, sid, 'objectives.yaml', objectivesYaml({ start: [0.35, 0.35, 0.2] }));
      // Bypasses the CAD module: reports a single triangle as a part.
      await putFile(
        workerLight,
        sid,
        'raw.ts',
        `import fs from 'node:fs';
fs.writeFileSync(process.env.WORKBENCH_PARTS_OUT, JSON.stringify({ ok: true, parts: [{ name: 'sheet', metadata: { material_id: 'steel', fixed: true }, mesh: { vert: [0, 0, 0, 0.1, 0, 0, 0, 0.1, 0], tri: [0, 1, 2] } }] }));
process.exit(0);
`,
      );
      await putFile(workerLight, sid, 'boom.ts', `export default () => { throw new Error('bracket too thin'); };\n`);
      for (const route of ['validate', 'simulate'] as const) {
        const raw = await heavy(workerHeavy, route, sid, { script_path: 'raw.ts', smoke_test_mode: true });
        expect(raw.status, route).toBe(200);
        expect(raw.body.artifacts.failure, route).toMatchObject({ reason: 'VALIDATION_FAILED', detail: expect.stringContaining('raw.ts: part "sheet" is not a closed solid') });
      }
      const boom = await heavy(workerHeavy, 'validate', sid, { script_path: 'boom.ts' });
      expect(boom.body.artifacts.failure).toEqual({ reason: 'VALIDATION_FAILED', detail: 'build script boom.ts: bracket too thin' });
    });
    await test.step('expected failure: a malformed objectives.yaml is named field by field', async () => {
      const sid = `${sessionId}-yaml`;
      await putScene(workerLight, sid, SCRIPTS.floor, 'objectives:\n  goal_zone: {min: [0, 0], max: [1, 1, 1]}\n');
      const v = await validate(workerHeavy, sid);
      expect(v.artifacts.failure).toEqual({ reason: 'VALIDATION_FAILED', detail: 'objectives.goal_zone.min must be [x, y, z]' });
    });
    await test.step('expected failure: coordinates and sizes the engine\'s 32-bit floats cannot represent are refused by field, for validate and simulate alike', async () => {
      const sid = `${sessionId}-huge`;
      await putScene(workerLight, sid, SCRIPTS.floor, { start: [0.35, 0.35, 1e308] });
      for (const route of ['validate', 'simulate'] as const) {
        const r = await heavy(workerHeavy, route, sid);
        expect(r.body.success, route).toBe(false);
        expect(r.body.artifacts.failure, route).toEqual({ reason: 'VALIDATION_FAILED', detail: expect.stringContaining('moved_object.start_position[2] is 1e+308 m') });
      }
      await putScene(workerLight, sid, SCRIPTS.floor, { start: [0.35, 0.35, 0.3], radius: 1e-30 });
      const tiny = await validate(workerHeavy, sid);
      expect(tiny.artifacts.failure).toEqual({ reason: 'VALIDATION_FAILED', detail: expect.stringContaining('moved_object.radius is 1e-30 m') });
    });
  });

  test('INT-003 build scripts on the heavy worker cannot read other sessions, reach the network, signal the worker or write into the session', { tag: ['@p0', '@INT-003'] }, async ({
    workerLight,
    workerHeavy,
    sessionId,
    stack,
  }) => {
    const other = `${sessionId}-other`;
    const mine = `${sessionId}-mine`;
    await putFile(workerLight, other, 'secret.md', 'TOP-SECRET-PLAN');
    await putScene(workerLight, mine, SCRIPTS.floor, { start: [0.35, 0.35, 0.2] });
    const attempt = async (name: string, body: string) => {
      await putFile(workerLight, mine, name, `import fs from 'node:fs';\nimport { box, part } from 'workbench/cad';\n${body}\n`);
      const r = await heavy(workerHeavy, 'validate', mine, { script_path: name });
      expect(r.status, name).toBe(200);
      expect(r.body.success, name).toBe(false);
      expect(JSON.stringify(r.body), name).not.toContain('TOP-SECRET');
      return r.body.artifacts.failure.detail as string;
    };
    await test.step('expected failure: reading another session\'s file → access denied, nothing of it in the response', async () => {
      expect(await attempt('peek.ts', `export default () => { throw new Error('LEAK:' + fs.readFileSync('../${other}/secret.md', 'utf8')); };`)).toContain(
        "access denied: build scripts can read only the session's files",
      );
      expect(await attempt('list.ts', `export default () => { throw new Error('LEAK:' + fs.readdirSync('/').join(',')); };`)).toContain('access denied');
    });
    await test.step('expected failure: importing another session\'s file is refused before anything is read', async () => {
      expect(await attempt('imp.ts', `import secret from '../${other}/secret.md';\nexport default () => { throw new Error(String(secret)); };`)).toMatch(
        /cannot import "..\/.*secret.md": build scripts may import only/,
      );
    });
    await test.step('expected failure: the network is unreachable from a build script (not even the light worker on loopback)', async () => {
      const url = `${stack.urls['worker-light']}/health`;
      const detail = await attempt('net.ts', `export default async () => { const r = await fetch(${JSON.stringify(url)}).catch((e) => { throw new Error('blocked:' + e.cause?.code); }); throw new Error('REACHED:' + r.status); };`);
      expect(detail).toContain('blocked:');
      expect(detail).not.toContain('REACHED');
    });
    await test.step('expected failure: a script killing its process group only ends itself; the heavy worker keeps serving', async () => {
      // Killed, or (as PID 1 of its namespace, which ignores its own SIGKILL) ended with no parts: either way a failed run.
      expect(await attempt('killer.ts', `export default () => { process.kill(0, 'SIGKILL'); return []; };`)).toMatch(/^build script killer.ts/);
      expect((await workerHeavy.get('/health')).status()).toBe(200);
      expect((await heavy(workerHeavy, 'validate', mine, {})).body.success).toBe(true);
    });
    await test.step('expected failure: writing into the session (even outside the read-only prefixes) is denied and leaves nothing', async () => {
      expect(await attempt('scribble.ts', `export default () => { fs.writeFileSync('scribble.md', 'x'); return []; };`)).toContain('access denied: build scripts cannot write files');
      expect(await readFile(workerLight, mine, 'scribble.md')).toBeUndefined();
    });
  });
});
