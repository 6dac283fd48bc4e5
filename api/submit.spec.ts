import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';
import { heavy, putFile, putScene, readFile, SCRIPTS, sessionEvents } from './support/heavy-scenes.ts';
import { FLOOR_ASSEMBLY } from '../fixtures/workbench/assembly.ts';

const HELPER = `export const THICKNESS = 0.02;\n`;
/** The floor script, but its plate thickness comes from a second session file. */
const FLOOR_WITH_IMPORT = `import { box, part } from 'workbench/cad';
import { THICKNESS } from './lib/dims.ts';
export default () => [part('floor', box([0.8, 0.8, THICKNESS]).translate(0, 0, -THICKNESS / 2), { material_id: 'aluminum_6061', fixed: true, manufacturing_method: 'CNC' })];
`;

test.describe('submit', () => {
  test('INT-018 submit refuses without a prior successful validation of the current files, then writes the review manifest', { tag: ['@p0', '@INT-018'] }, async ({
    workerLight,
    workerHeavy,
    sessionId,
  }) => {
    await putScene(workerLight, sessionId, FLOOR_WITH_IMPORT, { start: [0.35, 0.35, 0.2], variant_id: 'drop-v2' }, { assembly: false });
    await putFile(workerLight, sessionId, 'lib/dims.ts', HELPER);
    await putFile(workerLight, sessionId, 'assembly_definition.yaml', FLOOR_ASSEMBLY);

    await test.step('expected failure: submit before any validation → refused, naming the missing validation', async () => {
      const r = await heavy(workerHeavy, 'submit', sessionId, {});
      expect(r.status).toBe(200);
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.failure.reason).toBe('VALIDATION_FAILED');
      expect(r.body.artifacts.missing).toEqual(['a successful validation: script.ts has never been validated on this worker; run benchmark/validate first']);
      expect(r.body.events).toMatchObject([{ event_type: 'submission_rejected', script_path: 'script.ts' }]);
      expect(await readFile(workerLight, sessionId, 'review_manifest.json')).toBeUndefined();
    });

    await test.step('expected failure: a forged validation_results.json does not count — only the worker\'s own record does', async () => {
      await putFile(workerLight, sessionId, 'validation_results.json', JSON.stringify({ success: true, failure: null, script_path: 'script.ts' }));
      const r = await heavy(workerHeavy, 'submit', sessionId, { script_path: 'script.ts' });
      expect(r.body.success).toBe(false);
      expect(r.body.message).toContain('never been validated');
    });

    await test.step('expected failure: after a failed validation of these files → refused with that failure', async () => {
      await putFile(workerLight, sessionId, 'objectives.yaml', (await readFile(workerLight, sessionId, 'objectives.yaml'))!.replace('max_weight_g: 100000', 'max_weight_g: 10'));
      const v = await heavy(workerHeavy, 'validate', sessionId, {});
      expect(v.body.success).toBe(false);
      const r = await heavy(workerHeavy, 'submit', sessionId, {});
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.missing[0]).toMatch(/the last validation of these exact files failed \(VALIDATION_FAILED: .*total weight .* exceeds max_weight_g 10 g/);
    });

    const validated = await test.step('a successful validation, then submit → accepted with a review manifest', async () => {
      await putFile(workerLight, sessionId, 'objectives.yaml', (await readFile(workerLight, sessionId, 'objectives.yaml'))!.replace('max_weight_g: 10\n', 'max_weight_g: 100000\n'));
      const v = await heavy(workerHeavy, 'validate', sessionId, {});
      expect(v.body.success).toBe(true);
      const sim = await heavy(workerHeavy, 'simulate', sessionId, { smoke_test_mode: false, seed: 3 }); // a smoke run cannot succeed: the ball must rest in the goal for 0.5 s
      expect(sim.body.success).toBe(true);
      const r = await heavy(workerHeavy, 'submit', sessionId, {});
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ success: true, confidence: 1, artifacts: { failure: null, manifest_path: 'review_manifest.json', script_path: 'script.ts', variant_id: 'drop-v2' } });
      expect(r.body.events).toMatchObject([{ event_type: 'submission_accepted', script_path: 'script.ts', manifest_path: 'review_manifest.json' }]);
      expect((await sessionEvents(workerLight, sessionId)).at(-1)).toEqual(r.body.events[0]);
      return { v, sim, r };
    });

    await test.step('the manifest is readable through the light worker and ties the handover to the exact files and results', async () => {
      const manifest = JSON.parse((await readFile(workerLight, sessionId, 'review_manifest.json'))!);
      expect(manifest).toEqual(validated.r.body.artifacts.manifest);
      expect(manifest).toMatchObject({ session_id: sessionId, script_path: 'script.ts', variant_id: 'drop-v2' });
      // The imported helper is part of what was validated.
      expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(['assembly_definition.yaml', 'lib/dims.ts', 'objectives.yaml', 'script.ts']);
      for (const f of manifest.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(manifest.validation).toMatchObject({ success: true, part_count: 1 });
      expect(manifest.validation.mass_g).toBeCloseTo(validated.v.body.artifacts.totals.mass_g, 9);
      expect(manifest.simulation).toMatchObject({ success: true, seed: 3, smoke_test_mode: false });
      expect(manifest.verification).toBeNull();
      expect(manifest.artifacts).toEqual(expect.arrayContaining(['validation_results.json', 'simulation_result.json', 'script.glb']));
    });

    await test.step('expected failure: after the script changes → refused, naming the changed file', async () => {
      await putFile(workerLight, sessionId, 'script.ts', FLOOR_WITH_IMPORT.replace("'CNC'", "'CNC' /* tweaked */"));
      const r = await heavy(workerHeavy, 'submit', sessionId, {});
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.missing).toEqual(['a successful validation of the current files: script.ts changed since script.ts was last validated; run benchmark/validate again']);
    });

    await test.step('expected failure: a change in an imported session file counts too', async () => {
      await putFile(workerLight, sessionId, 'script.ts', FLOOR_WITH_IMPORT);
      expect((await heavy(workerHeavy, 'submit', sessionId, {})).body.success).toBe(true); // back to the validated content
      await putFile(workerLight, sessionId, 'lib/dims.ts', `export const THICKNESS = 0.03;\n`);
      const r = await heavy(workerHeavy, 'submit', sessionId, {});
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.missing[0]).toContain('lib/dims.ts changed since script.ts was last validated');
    });

    await test.step('expected failure: missing objectives.yaml or an unknown script → refused naming them; bad requests are 4xx', async () => {
      const empty = `${sessionId}-empty`;
      await putFile(workerLight, empty, 'notes.md', 'nothing yet');
      const r = await heavy(workerHeavy, 'submit', empty, {});
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.missing).toEqual(['build script script.ts not found in the session', 'objectives.yaml not found in the session']);
      const dir = await heavy(workerHeavy, 'submit', sessionId, { script_path: 'lib' });
      expect(dir.status).toBe(400);
      expect(dir.body).toMatchObject({ field: 'body.script_path' });
      const noHeader = await workerHeavy.post('/benchmark/submit', { data: {} });
      expect(noHeader.status()).toBe(400);
      const unknown = await workerHeavy.post('/benchmark/submit', { headers: sessionHeaders(`${sessionId}-nosuch`), data: {} });
      expect(unknown.status()).toBe(404);
    });
  });
});
