// Issue 15 item 10 (the submit half, INT-018): heavy /benchmark/submit refuses without a
// successful FULL simulation (smoke_test_mode false) of exactly the current files. Smoke runs
// never count (0.5 s cannot show the object resting in the goal); a failed full run of the current
// files, or files changed since the last full run, are named.
import { test, expect } from '../fixtures/workbench.ts';
import { heavy, putScene } from './support/heavy-scenes.ts';

const plate = (name: string, x: number, y: number) =>
  `import { box, part } from 'workbench/cad';\nexport default () => [part('${name}', box([0.3, 0.3, 0.02]).translate(${x}, ${y}, -0.01), { material_id: 'aluminum_6061', fixed: true, manufacturing_method: 'CNC' })];\n`;
/** A plate under the goal zone: the ball dropped at (0.35, 0.35, 0.2) comes to rest in the goal. */
const UNDER_GOAL = plate('floor', 0.35, 0.35);
/** The plate away from the goal, the ball dropped beside it (nowhere above the goal): it falls out of the simulation bounds. */
const AWAY = plate('floor', -0.3, -0.3);
const START = { start: [0.35, 0.35, 0.2] };
const BESIDE = { start: [-0.2, 0.35, 0.2] };

test.describe('submit needs a successful full simulation', () => {
  test.setTimeout(120_000);

  test('INT-018 submit refuses without a successful full simulation of the current files, naming what is missing or changed', { tag: ['@p0', '@INT-018'] }, async ({
    workerLight,
    workerHeavy,
    sessionId,
  }) => {
    await putScene(workerLight, sessionId, AWAY, BESIDE);
    const submit = () => heavy(workerHeavy, 'submit', sessionId, {});

    await test.step('expected failure: validated but never simulated in full → refused', async () => {
      expect((await heavy(workerHeavy, 'validate', sessionId, {})).body.success).toBe(true);
      const r = await submit();
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.missing).toEqual(['a successful full simulation: script.ts has never been simulated with smoke_test_mode false on this worker; run benchmark/simulate with smoke_test_mode false']);
    });

    await test.step('expected failure: a smoke run does not count, whatever its outcome', async () => {
      await heavy(workerHeavy, 'simulate', sessionId, { smoke_test_mode: true, seed: 1 });
      const r = await submit();
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.missing[0]).toMatch(/^a successful full simulation: only smoke-mode runs \(smoke_test_mode: true\) of the current script\.ts are on record/);
    });

    await test.step('expected failure: the full simulation of the current files failed → refused with its failure', async () => {
      const sim = await heavy(workerHeavy, 'simulate', sessionId, { smoke_test_mode: false, seed: 1 });
      expect(sim.body.success).toBe(false);
      expect(sim.body.artifacts.failure.reason).toBe('OUT_OF_BOUNDS');
      const r = await submit();
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.missing[0]).toMatch(/^a successful full simulation: the last full simulation \(smoke_test_mode: false\) of script\.ts with these exact files failed \(OUT_OF_BOUNDS: /);
    });

    await test.step('expected failure: the files changed (and were validated again) since the last full run → refused naming them', async () => {
      await putScene(workerLight, sessionId, UNDER_GOAL, START);
      expect((await heavy(workerHeavy, 'validate', sessionId, {})).body.success).toBe(true);
      const r = await submit();
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.missing[0]).toMatch(/^a successful full simulation of the current files: (assembly_definition\.yaml, )?objectives\.yaml, script\.ts changed since script\.ts was last simulated/);
    });

    await test.step('a successful full simulation of the current files → accepted; the manifest records it', async () => {
      const sim = await heavy(workerHeavy, 'simulate', sessionId, { smoke_test_mode: false, seed: 1 });
      expect(sim.body.success, sim.body.message).toBe(true);
      const r = await submit();
      expect(r.body.success, r.body.message).toBe(true);
      expect(r.body.artifacts.manifest.simulation).toMatchObject({ success: true, smoke_test_mode: false });
    });
  });
});
