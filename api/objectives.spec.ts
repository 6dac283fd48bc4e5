import { stringify } from 'yaml';
import { test, expect } from '../fixtures/workbench.ts';
import { heavy, putFile, SCRIPTS } from './support/heavy-scenes.ts';
import { PLAN_FILES, planRoute, putFiles, triples } from './support/plan-files.ts';

/** A sound objectives.yaml as an object: each step breaks one thing in a copy. */
const base = () => ({
  objectives: {
    goal_zone: { min: [0.3, 0.3, 0], max: [0.4, 0.4, 0.08] },
    forbid_zones: [{ name: 'pit', min: [-0.4, -0.4, 0], max: [-0.3, -0.3, 0.05] }],
    build_zone: { min: [-0.5, -0.5, -0.1], max: [0.5, 0.5, 0.5] },
  },
  simulation_bounds: { min: [-1, -1, -0.2], max: [1, 1, 1] },
  moved_object: { label: 'ball', shape: 'sphere', radius: 0.01, material_id: 'steel', start_position: [0.35, 0.35, 0.2], runtime_jitter: [0.01, 0.01, 0] },
  constraints: { max_unit_cost: 10000, max_weight_g: 100000 },
});
type Objectives = ReturnType<typeof base> & Record<string, any>;

test.describe('objectives.yaml', () => {
  test('INT-008 objectives.yaml is strict: schema, placeholders, contradictory zones and an unsolvable start each refused with its code and field', { tag: ['@p0', '@INT-008'] }, async ({
    workerLight,
    workerHeavy,
    sessionId,
  }) => {
    await putFiles(workerLight, sessionId, PLAN_FILES);
    /** The objectives.yaml problems of /plan/check with this file (the other three are valid). */
    const problemsOf = async (o: Objectives | string) => {
      await putFile(workerLight, sessionId, 'objectives.yaml', typeof o === 'string' ? o : stringify(o));
      const r = await planRoute(workerHeavy, workerLight, 'check', sessionId);
      expect(r.status).toBe(200);
      expect(r.body.problems.filter((p) => p.file !== 'objectives.yaml')).toEqual([]);
      return r.body.problems;
    };
    const broken = (edit: (o: Objectives) => void) => {
      const o = base() as Objectives;
      edit(o);
      return o;
    };

    await test.step('a sound objectives.yaml passes', async () => {
      expect(await problemsOf(base())).toEqual([]);
    });

    await test.step('expected failure: unknown keys → INVALID_OBJECTIVES naming each key', async () => {
      const p = await problemsOf(broken((o) => ((o.moved_object as any).colour = 'red', (o.extras = 1))));
      expect(triples(p)).toEqual([
        ['objectives.yaml', 'INVALID_OBJECTIVES', 'extras'],
        ['objectives.yaml', 'INVALID_OBJECTIVES', 'moved_object.colour'],
      ]);
      expect(p[1]!.message).toMatch(/^moved_object\.colour is not a known key \(allowed here: label, shape, radius/);
    });

    await test.step('expected failure: template placeholders (x_min, [x, y, z], TODO:, <…>) → INVALID_OBJECTIVES naming where', async () => {
      const template = stringify(broken((o) => ((o.objectives.goal_zone.min as unknown[]) = ['x_min', 0.3, 0], ((o.moved_object as any).label = '<object label>'))))
        .replace('start_position:\n    - 0.35\n    - 0.35\n    - 0.2', 'start_position: [x, y, z]');
      const p = await problemsOf(`# TODO: describe the benchmark\n${template}`);
      expect(triples(p)).toEqual([
        ['objectives.yaml', 'INVALID_OBJECTIVES', 'objectives.goal_zone.min[0]'],
        ['objectives.yaml', 'INVALID_OBJECTIVES', 'moved_object.label'],
        ['objectives.yaml', 'INVALID_OBJECTIVES', 'moved_object.start_position[0]'],
        ['objectives.yaml', 'INVALID_OBJECTIVES', 'moved_object.start_position[1]'],
        ['objectives.yaml', 'INVALID_OBJECTIVES', 'moved_object.start_position[2]'],
        ['objectives.yaml', 'INVALID_OBJECTIVES', 'line 1'],
      ]);
      expect(p[0]!.message).toBe('objectives.goal_zone.min[0] is the template placeholder "x_min"; replace it with the real value');
    });

    await test.step('expected failure: negative jitter → INVALID_OBJECTIVES on that axis', async () => {
      const p = await problemsOf(broken((o) => (o.moved_object.runtime_jitter = [0.01, -0.01, 0])));
      expect(triples(p)).toEqual([['objectives.yaml', 'INVALID_OBJECTIVES', 'moved_object.runtime_jitter[1]']]);
      expect(p[0]!.message).toContain('must be ≥ 0');
    });

    await test.step('expected failure: an inverted min/max → CONTRADICTORY_CONSTRAINTS naming the zone and axis', async () => {
      const p = await problemsOf(broken((o) => (o.objectives.build_zone.min = [0.6, -0.5, -0.1])));
      expect(triples(p)).toEqual([['objectives.yaml', 'CONTRADICTORY_CONSTRAINTS', 'objectives.build_zone.min']]);
      expect(p[0]!.message).toContain('objectives.build_zone.min must be below objectives.build_zone.max on every axis (axis x');
    });

    await test.step('expected failure: the goal overlapping a forbid zone → CONTRADICTORY_CONSTRAINTS naming the forbid zone', async () => {
      const p = await problemsOf(broken((o) => o.objectives.forbid_zones.push({ name: 'moat', min: [0.38, 0.38, 0], max: [0.45, 0.45, 0.02] })));
      expect(triples(p)).toEqual([['objectives.yaml', 'CONTRADICTORY_CONSTRAINTS', 'objectives.forbid_zones[1]']]);
      expect(p[0]!.message).toBe('forbid zone "moat" intersects objectives.goal_zone');
    });

    await test.step('expected failure: the goal not overlapping the build zone → CONTRADICTORY_CONSTRAINTS on goal_zone', async () => {
      const p = await problemsOf(broken((o) => (o.objectives.goal_zone = { min: [0.7, 0.7, 0], max: [0.8, 0.8, 0.08] })));
      expect(triples(p)).toEqual([['objectives.yaml', 'CONTRADICTORY_CONSTRAINTS', 'objectives.goal_zone']]);
      expect(p[0]!.message).toContain('does not overlap objectives.build_zone');
    });

    await test.step('expected failure: the build zone outside simulation_bounds → CONTRADICTORY_CONSTRAINTS on build_zone', async () => {
      const p = await problemsOf(broken((o) => (o.objectives.build_zone.max = [0.5, 0.5, 1.5])));
      expect(triples(p)).toEqual([['objectives.yaml', 'CONTRADICTORY_CONSTRAINTS', 'objectives.build_zone']]);
      expect(p[0]!.message).toBe('objectives.build_zone is not inside simulation_bounds');
    });

    await test.step("expected failure: the start ± jitter envelope leaving the build zone (the ball's radius counts) → UNSOLVABLE_SCENARIO", async () => {
      // Centre 0.495 + 0 jitter is inside; its 1 cm radius reaches 0.505, past the build zone's 0.5.
      const p = await problemsOf(broken((o) => (o.moved_object.start_position = [0.35, 0.35, 0.495])));
      expect(triples(p)).toEqual([['objectives.yaml', 'UNSOLVABLE_SCENARIO', 'moved_object.start_position']]);
      expect(p[0]!.message).toContain('start range (start_position ± runtime_jitter)');
      expect(p[0]!.message).toContain('leaves objectives.build_zone');
    });

    await test.step('expected failure: the start ± jitter envelope touching a forbid zone → UNSOLVABLE_SCENARIO naming the zone', async () => {
      // 2 cm from the pit, but ± 3 cm of x jitter reaches it.
      const p = await problemsOf(broken((o) => ((o.moved_object.start_position = [-0.27, -0.35, 0.02]), (o.moved_object.runtime_jitter = [0.03, 0, 0]))));
      expect(triples(p)).toEqual([['objectives.yaml', 'UNSOLVABLE_SCENARIO', 'moved_object.start_position']]);
      expect(p[0]!.message).toBe('moved object "ball" start range (start_position ± runtime_jitter) touches forbid zone "pit"');
    });

    await test.step('expected failure: validate refuses a file with an unknown key too, naming it', async () => {
      await putFile(workerLight, sessionId, 'script.ts', SCRIPTS.floor);
      await putFile(workerLight, sessionId, 'objectives.yaml', stringify(broken((o) => ((o.moved_object as any).colour = 'red'))));
      const v = await heavy(workerHeavy, 'validate', sessionId);
      expect(v.body.artifacts.failure).toMatchObject({ reason: 'VALIDATION_FAILED', detail: expect.stringContaining('moved_object.colour is not a known key') });
    });
  });
});
