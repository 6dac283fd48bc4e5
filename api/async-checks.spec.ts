import fs from 'node:fs';
import { expectServiceErrors, test, expect } from '../fixtures/workbench.ts';
import { hasStatus, startRun, tracesOf, waitForEpisode } from '../fixtures/workbench/controller.ts';
import { sessionHeaders } from './support/session.ts';

const lines = (file: string): Record<string, any>[] =>
  fs.readFileSync(file, 'utf8').split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l)];
    } catch {
      return [];
    }
  });

test.describe('asynchronous checks', () => {
  test('INT-042 a long check runs as a job on the heavy worker and completes through a callback; the workflow waits durably, across a controller stop, and completes', { tag: ['@p1', '@INT-042'] }, async ({
    controller,
    workerHeavy,
    stack,
    sessionId,
  }) => {
    test.skip(stack.mode === 'attach', 'stopping the controller needs a booted stack');
    test.slow();
    expectServiceErrors('worker-heavy', /job result delivery failed/);
    const heavyLog = stack.logFiles['worker-heavy']!;
    // The workers reach the controller through its proxy: refused there, a finished job's
    // callback finds nobody however fast the job is, while this test still talks to the controller.
    await stack.fault('controller', 'refuse');
    const id = await startRun(controller, sessionId);

    const job = await test.step('verify is submitted as a job: the call records check_submitted with the job ID, and the episode is still running', async () => {
      const e = await waitForEpisode(controller, id, (ep) => tracesOf(ep, 'log', 'check_submitted').length === 1 || hasStatus('completed', 'failed')(ep));
      expect(e.status).toBe('running');
      return tracesOf(e, 'log', 'check_submitted')[0]!.metadata.job_id as string;
    });

    await test.step('the job finishes but its callback finds nobody, so the worker retries; meanwhile the controller is stopped, the workflow still waiting', async () => {
      await expect.poll(() => lines(heavyLog).some((l) => l.msg === 'job result delivery failed; retrying' && l.job_id === job), { timeout: 60_000 }).toBe(true);
      await stack.stopService('controller');
      const res = await workerHeavy.get(`/jobs/${job}`, { headers: sessionHeaders(sessionId) });
      expect(res.status()).toBe(200);
      expect(await res.json()).toMatchObject({ job_id: job, status: 'delivering', last_delivery_error: expect.any(String), result: { response: { success: expect.any(Boolean) } } });
    });

    await test.step('restarted, the controller resumes the workflow; the retried callback delivers the result and the run completes with it', async () => {
      await stack.startService('controller');
      await stack.restore('controller');
      const e = await waitForEpisode(controller, id, hasStatus('completed', 'failed', 'cancelled'), 90_000);
      expect(e.status).toBe('completed');
      expect(tracesOf(e, 'log', 'workflow_resumed')).toHaveLength(1);
      const [end] = tracesOf(e, 'tool_end', 'verify');
      const result = JSON.parse(end!.content!);
      expect(result.artifacts.verification_result).toMatchObject({ num_runs: 3, individual_results: expect.any(Array) });
      expect(result.artifacts.verification_result.individual_results).toHaveLength(3);
      // One simulation_request/simulation_result pair per run came back with the callback.
      expect(tracesOf(e, 'event', 'simulation_result').filter((t) => t.metadata.call_id === end!.metadata.call_id)).toHaveLength(3);
      const delivered = lines(heavyLog).find((l) => l.msg === 'job result delivered' && l.job_id === job);
      expect(delivered?.attempt).toBeGreaterThan(1);
      expect((await (await workerHeavy.get(`/jobs/${job}`, { headers: sessionHeaders(sessionId) })).json()).status).toBe('delivered');
    });

    await test.step('expected failure: a callback without the right token → 401 and nothing delivered; an unknown workflow → 404; a finished one → 409; a bad callback URL → 400 naming it', async () => {
      const url = `/workflows/${id}/callbacks/check:coder:1:0`;
      const forged = await controller.post(url, { headers: { 'x-callback-token': 'f'.repeat(64) }, data: { response: { success: true } } });
      expect(forged.status()).toBe(401);
      expect(await forged.json()).toMatchObject({ field: 'headers.x-callback-token' });
      const { createHmac } = await import('node:crypto');
      const key = (await import('../fixtures/workbench.ts')).controllerApiKey();
      const token = (wf: string, topic: string) => createHmac('sha256', key).update(`${wf}\n${topic}`).digest('hex');
      const finished = await controller.post(url, { headers: { 'x-callback-token': token(id, 'check:coder:1:0') }, data: {} });
      expect(finished.status()).toBe(409);
      const ghost = '00000000-0000-4000-8000-000000000000';
      const unknown = await controller.post(`/workflows/${ghost}/callbacks/t`, { headers: { 'x-callback-token': token(ghost, 't') }, data: {} });
      expect(unknown.status()).toBe(404);
      const bad = await workerHeavy.post('/jobs/verify', { headers: sessionHeaders(sessionId), data: { script_path: 'script.ts', callback_url: 'ftp://x', callback_token: 't'.repeat(16) } });
      expect(bad.status()).toBe(400);
      expect((await bad.json()).field).toBe('body.callback_url');
      expect((await workerHeavy.get('/jobs/no-such-job', { headers: sessionHeaders(sessionId) })).status()).toBe(404);
    });
  });
});
