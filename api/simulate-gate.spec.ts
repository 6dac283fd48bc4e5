// INT-018 (simulate half): simulate and verify run only when this worker recorded a successful
// validate-and-price of exactly the current files — the script, every session file it imports,
// objectives.yaml and assembly_definition.yaml. Each refusal names what changed, or the failure.
import { test, expect } from '../fixtures/workbench.ts';
import { FLOOR_ASSEMBLY } from '../fixtures/workbench/assembly.ts';
import { heavy, putFile, putScene, readFile, SCRIPTS } from './support/heavy-scenes.ts';

const SIM = { smoke_test_mode: true, seed: 1 };

test.describe('simulate gate', () => {
  test('INT-018 simulate and verify refuse without a successful validate-and-price of the current files', { tag: ['@p0', '@INT-018'] }, async ({ workerLight, workerHeavy, sessionId }) => {
    await putScene(workerLight, sessionId, SCRIPTS.floor, { start: [0.35, 0.35, 0.2] }, { assembly: false });
    await putFile(workerLight, sessionId, 'assembly_definition.yaml', FLOOR_ASSEMBLY);

    const refused = async (route: 'simulate' | 'verify', body: Record<string, unknown>, pattern: RegExp) => {
      const r = await heavy(workerHeavy, route, sessionId, body);
      expect(r.status).toBe(200);
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.failure).toMatchObject({ reason: 'VALIDATION_FAILED', detail: expect.stringMatching(pattern) });
      expect(r.body.events.map((e) => e.event_type)).toEqual(expect.arrayContaining(['simulation_request', 'simulation_result']));
      expect(r.body.artifacts.time_elapsed_s ?? 0).toBe(0); // nothing was simulated
      return r;
    };

    await test.step('expected failure: never validated → simulate and verify refused, nothing simulated', async () => {
      await refused('simulate', SIM, /simulate refused: script\.ts has no validate-and-price on this worker; run benchmark\/validate first/);
      expect(await readFile(workerLight, sessionId, 'simulation_trajectory.json')).toBeUndefined();
      await refused('verify', { ...SIM, num_runs: 2 }, /verify refused: script\.ts has no validate-and-price/);
    });

    await test.step('validated → simulate runs', async () => {
      const v = await heavy(workerHeavy, 'validate', sessionId, {});
      expect(v.body.success).toBe(true);
      const r = await heavy(workerHeavy, 'simulate', sessionId, SIM);
      expect(r.body.message).not.toContain('refused');
      expect(r.body.artifacts.time_elapsed_s).toBeGreaterThan(0);
      expect(await readFile(workerLight, sessionId, 'simulation_trajectory.json')).toBeDefined();
    });

    const original = (await readFile(workerLight, sessionId, 'assembly_definition.yaml'))!;
    await test.step('expected failure: assembly_definition.yaml changed after validation → refused naming it', async () => {
      await putFile(workerLight, sessionId, 'assembly_definition.yaml', original.replace('quantity: 1', 'quantity: 2'));
      await refused('simulate', SIM, /no successful validate-and-price of the current files: assembly_definition\.yaml changed since script\.ts was last validated/);
      await refused('verify', { ...SIM, num_runs: 2 }, /assembly_definition\.yaml changed/);
    });

    await test.step('expected failure: objectives.yaml and the script changed → refused naming both', async () => {
      await putFile(workerLight, sessionId, 'assembly_definition.yaml', original);
      await putFile(workerLight, sessionId, 'objectives.yaml', (await readFile(workerLight, sessionId, 'objectives.yaml'))!.replace('max_unit_cost: 10000', 'max_unit_cost: 9000'));
      await putFile(workerLight, sessionId, 'script.ts', SCRIPTS.floor.replace('build()', 'build(/* edited */)'));
      await refused('simulate', SIM, /objectives\.yaml, script\.ts changed since script\.ts was last validated/);
    });

    await test.step('expected failure: the last validation of the current files failed → refused with that failure', async () => {
      await putFile(workerLight, sessionId, 'assembly_definition.yaml', original.replace('material: aluminum_6061', 'material: pla'));
      const v = await heavy(workerHeavy, 'validate', sessionId, {});
      expect(v.body.success).toBe(false);
      await refused('simulate', SIM, /the last validate-and-price of these exact files failed \(MANUFACTURABILITY_FAILED: .*pla is not allowed for CNC/);
    });

    await test.step('expected failure: deleting assembly_definition.yaml after a validation counts as a change', async () => {
      await putFile(workerLight, sessionId, 'assembly_definition.yaml', original);
      expect((await heavy(workerHeavy, 'validate', sessionId, {})).body.success).toBe(true);
      expect((await heavy(workerHeavy, 'simulate', sessionId, SIM)).body.artifacts.time_elapsed_s).toBeGreaterThan(0);
      await workerLight.post('/fs/delete', { headers: { 'X-Session-ID': sessionId }, data: { path: 'assembly_definition.yaml' } });
      await refused('simulate', SIM, /assembly_definition\.yaml changed since script\.ts was last validated/);
    });
  });
});
