import { test, expect } from '../fixtures/index.ts';
import { sessionHeaders } from './support/session.ts';
import type { APIRequestContext } from '@playwright/test';
import { putScene, SCRIPTS, sessionEvents } from './support/heavy-scenes.ts';

type Validation = { success: boolean; message: string; artifacts: Record<string, any>; events: { event_type: string; [k: string]: any }[] };

async function validate(workerHeavy: APIRequestContext, sessionId: string): Promise<Validation> {
  const res = await workerHeavy.post('/benchmark/validate', { headers: sessionHeaders(sessionId), data: {} });
  expect(res.status()).toBe(200);
  return res.json();
}

/** A 10 cm steel cube (7.85 kg, cost 7.85 × 2.5 × 1.6 = 31.4) standing on the floor at the origin. */
const CUBE = `import { box, part } from 'workbench/cad';
export default () => [part('block', box([0.1, 0.1, 0.1]).translate(0, 0, 0.05), { material_id: 'steel', fixed: true, manufacturing_method: 'cnc' })];
`;

test.describe('validation', () => {
  test('INT-019 over price, over weight or outside the build zone is blocked with the specific reason', { tag: ['@p0', '@INT-019'] }, async ({ workerLight, workerHeavy, sessionId }) => {
    const start = [0.35, 0.35, 0.2];
    await test.step('within every cap: success with mass = volume × density and cost from the materials table', async () => {
      const sid = `${sessionId}-ok`;
      await putScene(workerLight, sid, CUBE, { start, constraints: { max_weight_g: 8000, max_unit_cost: 40 } });
      const v = await validate(workerHeavy, sid);
      expect(v.success).toBe(true);
      expect(v.artifacts.failure).toBeNull();
      expect(v.artifacts.totals.mass_g).toBeCloseTo(7850, 3);
      expect(v.artifacts.totals.cost).toBeCloseTo(31.4, 4);
      const stored = JSON.parse((await (await workerLight.post('/fs/read', { headers: sessionHeaders(sid), data: { path: 'validation_results.json' } })).json()).content);
      expect(stored).toMatchObject({ success: true, totals: { part_count: 1 } });
      expect(v.events[0]).toMatchObject({ event_type: 'manufacturability_check', success: true });
    });
    const cases: [string, string, Parameters<typeof putScene>[3], RegExp][] = [
      ['expected failure: over weight → VALIDATION_FAILED naming max_weight_g', 'heavy', { start, constraints: { max_weight_g: 5000 } }, /total weight 7850\.0 g exceeds max_weight_g 5000 g/],
      ['expected failure: over price → VALIDATION_FAILED naming max_unit_cost', 'pricey', { start, constraints: { max_unit_cost: 20 } }, /total cost 31\.40 exceeds max_unit_cost 20/],
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
      await putScene(workerLight, sid, CUBE.replace("'cnc'", "'injection_molding'"), { start });
      const v = await validate(workerHeavy, sid);
      expect(v.artifacts.failure).toMatchObject({ reason: 'MANUFACTURABILITY_FAILED', detail: expect.stringContaining('steel cannot be made by injection_molding') });
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
    await test.step('expected failure: a malformed objectives.yaml is named field by field', async () => {
      const sid = `${sessionId}-yaml`;
      await putScene(workerLight, sid, SCRIPTS.floor, 'objectives:\n  goal_zone: {min: [0, 0], max: [1, 1, 1]}\n');
      const v = await validate(workerHeavy, sid);
      expect(v.artifacts.failure).toEqual({ reason: 'VALIDATION_FAILED', detail: 'objectives.goal_zone.min must be [x, y, z]' });
    });
  });
});
