import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';
import { putScene, SCRIPTS, sessionEvents } from './support/heavy-scenes.ts';

test.describe('verification', () => {
  test('INT-021 multi-seed runtime jitter: N runs, per-run results and an aggregate success rate', { tag: ['@p0', '@INT-021'] }, async ({ workerLight, workerHeavy, sessionId }) => {
    // Goal zone 10 cm wide under the drop point.
    const objectives = { start: [0.35, 0.35, 0.2], goal: { min: [0.3, 0.3, 0], max: [0.4, 0.4, 0.08] } };
    await putScene(workerLight, sessionId, SCRIPTS.floor, objectives);

    await test.step('jitter well inside the goal: 5/5 succeed, consistent, verification passes', async () => {
      const res = await workerHeavy.post('/benchmark/verify', { headers: sessionHeaders(sessionId), data: { num_runs: 5, jitter_range: [0.02, 0.02, 0], seed: 100, smoke_test_mode: false } });
      expect(res.status()).toBe(200);
      const body = await res.json();
      const vr = body.artifacts.verification_result;
      expect(body.success).toBe(true);
      expect(vr).toMatchObject({ num_runs: 5, success_count: 5, success_rate: 1, is_consistent: true, fail_reasons: [] });
      expect(vr.individual_results.map((r: { seed: number }) => r.seed)).toEqual([100, 101, 102, 103, 104]);
      const starts = vr.individual_results.map((r: { start_position: number[] }) => r.start_position);
      expect(new Set(starts.map(String)).size).toBe(5);
      for (const s of starts) {
        expect(Math.abs(s[0] - 0.35)).toBeLessThanOrEqual(0.02);
        expect(Math.abs(s[1] - 0.35)).toBeLessThanOrEqual(0.02);
      }
      const pairs = body.events.filter((e: { event_type: string }) => e.event_type.startsWith('simulation_'));
      expect(pairs).toHaveLength(10);
      expect((await sessionEvents(workerLight, sessionId)).slice(-10)).toEqual(pairs);
    });

    await test.step('expected failure: jitter wider than the goal: some runs miss → VERIFICATION_FAILED with the reasons', async () => {
      const res = await workerHeavy.post('/benchmark/verify', { headers: sessionHeaders(sessionId), data: { num_runs: 8, jitter_range: [0.2, 0.2, 0], seed: 7, smoke_test_mode: false } });
      const body = await res.json();
      const vr = body.artifacts.verification_result;
      expect(body.success).toBe(false);
      expect(body.artifacts.failure.reason).toBe('VERIFICATION_FAILED');
      expect(vr.num_runs).toBe(8);
      expect(vr.success_count).toBe(vr.individual_results.filter((r: { success: boolean }) => r.success).length);
      expect(vr.success_rate).toBeCloseTo(vr.success_count / 8, 9);
      expect(vr.success_rate).toBeLessThan(0.9);
      expect(vr.fail_reasons).toContain('TIMEOUT'); // missed balls rest on the floor until the horizon
      expect(vr.is_consistent).toBe(vr.success_count === 0);
      expect(body.confidence).toBeCloseTo(vr.success_rate, 9);
    });

    await test.step('a remote heavy worker verifies from the light worker\'s bundle alone', async () => {
      const bundle = await workerLight.post('/fs/bundle', { headers: sessionHeaders(sessionId) });
      expect(bundle.status()).toBe(200);
      const remote = `${sessionId}-remote`;
      // That worker validates the bundle first: verify needs its own record of a successful validation (INT-018).
      const validated = await workerHeavy.post('/benchmark/validate', { headers: sessionHeaders(remote), data: { bundle_base64: (await bundle.body()).toString('base64') } });
      expect((await validated.json()).success).toBe(true);
      const res = await workerHeavy.post('/benchmark/verify', {
        headers: sessionHeaders(remote),
        data: { bundle_base64: (await bundle.body()).toString('base64'), num_runs: 3, jitter_range: [0.02, 0.02, 0], seed: 100, smoke_test_mode: false },
      });
      const body = await res.json();
      expect(body.artifacts.verification_result).toMatchObject({ num_runs: 3, success_count: 3 });
    });

    await test.step('expected failure: a jitter_range that would start the ball inside the floor or the goal → 422 naming body.jitter_range', async () => {
      // ± 19.5 cm vertically from 20 cm up reaches down into the goal zone (z < 8 cm) and the floor plate
      const res = await workerHeavy.post('/benchmark/verify', { headers: sessionHeaders(sessionId), data: { num_runs: 2, jitter_range: [0, 0, 0.195], seed: 1, smoke_test_mode: true } });
      expect(res.status()).toBe(422);
      const body = await res.json();
      expect(body).toMatchObject({ error: 'invalid_jitter_range', field: 'body.jitter_range' });
      expect(body.message).toContain('start range (start_position ± jitter_range) already touches objectives.goal_zone');
      expect(body.message).toMatch(/intersects part "floor" within its start jitter range/);
    });

    await test.step('expected failure: a bundle that is not a gzip tarball, and num_runs out of range, are 400 naming the field', async () => {
      const bad = await workerHeavy.post('/benchmark/verify', { headers: sessionHeaders(sessionId), data: { bundle_base64: Buffer.from('nope').toString('base64') } });
      expect(bad.status()).toBe(400);
      expect(await bad.json()).toMatchObject({ error: 'invalid_bundle', field: 'body.bundle_base64' });
      const many = await workerHeavy.post('/benchmark/verify', { headers: sessionHeaders(sessionId), data: { num_runs: 0 } });
      expect(many.status()).toBe(400);
      expect((await many.json()).field).toBe('body.num_runs');
    });
  });
});
