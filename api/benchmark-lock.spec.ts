// INT-015: the benchmark's environment (its geometry script and objectives.yaml) is hashed when the
// benchmark is handed over, and an engineer's handover that changed either is refused, naming the
// file. The benchmark is generated through the controller (POST /benchmark/generate → planned →
// confirm; scenario INT-015 hands the environment over as a benchmark); the engineer then works
// in the same session over HTTP, its design importing the environment script.
import { test, expect } from '../fixtures/workbench.ts';
import { tracesOf, waitForStatus } from '../fixtures/workbench/controller.ts';
import { heavy, putFile, readFile } from './support/heavy-scenes.ts';
import { putAssembly } from '../fixtures/workbench/assembly.ts';

/** The engineer's design builds on the benchmark's environment by importing its script (the same parts, so it matches the plan's assembly). */
const SOLUTION = `// The engineer's design: the benchmark environment as handed over.
export { default } from './benchmark.ts';
`;

test.describe('benchmark environment lock', () => {
  test.setTimeout(240_000);

  test('INT-015 an engineer cannot change the benchmark environment: edited objectives.yaml or geometry script → submission refused naming the file; unchanged → accepted', { tag: ['@p0', '@INT-015'] }, async ({
    controller,
    workerLight,
    workerHeavy,
    sessionId,
  }) => {
    const lock = await test.step('the benchmark is generated, confirmed and handed over: its environment is locked', async () => {
      const res = await controller.post('/benchmark/generate', { data: { prompt: 'A ball drops onto a plate in the goal zone', session_id: sessionId } });
      expect(res.status(), await res.text()).toBe(202);
      const { episode_id } = await res.json();
      await waitForStatus(controller, episode_id, ['planned']);
      expect((await controller.post(`/benchmark/${episode_id}/confirm`, { data: {} })).status()).toBe(202);
      const e = await waitForStatus(controller, episode_id, ['completed', 'failed'], 150_000);
      expect(e.status, e.metadata_vars.error).toBe('completed');
      const submit = tracesOf(e, 'tool_end', 'submit');
      expect(submit.map((t) => t.metadata.ok)).toEqual([true]);
      const manifest = JSON.parse(submit[0]!.content!).artifacts.manifest;
      expect(manifest).toMatchObject({ handover: 'benchmark', script_path: 'benchmark.ts' });
      expect(manifest.environment_lock.files.map((f: { path: string }) => f.path)).toEqual(['benchmark.ts', 'objectives.yaml']);
      for (const f of manifest.environment_lock.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      return manifest.environment_lock;
    });
    const objectives = (await readFile(workerLight, sessionId, 'objectives.yaml'))!;
    const environment = (await readFile(workerLight, sessionId, 'benchmark.ts'))!;

    /** The engineer's full loop on the current files: validate, full simulation, submit. */
    const handOver = async () => {
      // The engineer prices their own design (assembly_definition.yaml is theirs, not the environment's).
      await putAssembly(workerLight, sessionId, { scriptPath: 'solution.ts' });
      const v = await heavy(workerHeavy, 'validate', sessionId, { script_path: 'solution.ts' });
      expect(v.body.success, v.body.message).toBe(true);
      const s = await heavy(workerHeavy, 'simulate', sessionId, { script_path: 'solution.ts', smoke_test_mode: false, seed: 2 });
      expect(s.body.success, s.body.message).toBe(true);
      return heavy(workerHeavy, 'submit', sessionId, { script_path: 'solution.ts' });
    };

    await test.step('the engineer builds on the unchanged environment: the design handover is accepted', async () => {
      await putFile(workerLight, sessionId, 'solution.ts', SOLUTION);
      const r = await handOver();
      expect(r.body.success, r.body.message).toBe(true);
      expect(r.body.artifacts.manifest).toMatchObject({ handover: 'design', script_path: 'solution.ts', environment_lock: null });
    });

    await test.step('expected failure: the engineer edits objectives.yaml (validated and simulated again) → refused, naming objectives.yaml', async () => {
      await putFile(workerLight, sessionId, 'objectives.yaml', objectives.replace('max_unit_cost: 10000', 'max_unit_cost: 20000'));
      const r = await handOver();
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.failure.reason).toBe('VALIDATION_FAILED');
      expect(r.body.artifacts.missing).toEqual([
        expect.stringMatching(new RegExp(`^an unchanged benchmark environment: objectives\\.yaml was modified since the benchmark \\(benchmark\\.ts\\) was handed over at ${lock.locked_at.replace(/[.]/g, '\\.')}`)),
      ]);
      expect(r.body.events).toMatchObject([{ event_type: 'submission_rejected', script_path: 'solution.ts' }]);
    });

    await test.step('expected failure: the engineer edits the geometry script benchmark.ts → refused, naming benchmark.ts', async () => {
      await putFile(workerLight, sessionId, 'objectives.yaml', objectives);
      await putFile(workerLight, sessionId, 'benchmark.ts', environment.replace('0.02]).translate', '0.021]).translate'));
      const r = await handOver();
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.missing).toEqual([expect.stringContaining('an unchanged benchmark environment: benchmark.ts was modified')]);
      expect(r.body.message).toContain('restore benchmark.ts');
    });

    await test.step('expected failure: deleting the environment script is named too', async () => {
      const del = await workerLight.post('/fs/delete', { headers: { 'X-Session-ID': sessionId }, data: { path: 'benchmark.ts' } });
      expect(del.status()).toBe(200);
      const r = await heavy(workerHeavy, 'submit', sessionId, { script_path: 'solution.ts' });
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.missing).toEqual(expect.arrayContaining([expect.stringContaining('benchmark.ts was deleted since the benchmark')]));
    });

    await test.step('restored to the locked content: the design handover is accepted again', async () => {
      await putFile(workerLight, sessionId, 'benchmark.ts', environment);
      const r = await handOver();
      expect(r.body.success, r.body.message).toBe(true);
    });
  });
});
