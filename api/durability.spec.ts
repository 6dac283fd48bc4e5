import { expectServiceErrors, test, expect } from '../fixtures/workbench.ts';
import { hasStatus, startRun, tracesOf, waitForEpisode } from '../fixtures/workbench/controller.ts';
import { sessionHeaders } from './support/session.ts';

test.describe('durable episodes', () => {
  test('INT-041 killing the controller mid-run records the interruption and the durable workflow resumes', { tag: ['@p1', '@INT-041'] }, async ({
    controller,
    workerLight,
    stack,
    db,
    sessionId,
  }) => {
    test.skip(stack.mode === 'attach', 'needs a stack this run booted (not an attached one) to kill the controller');
    // Scenario INT-041: the coder's job waits until go.txt exists, so the kill always lands mid-step.
    const id = await test.step('a run reaches its slow worker job', async () => {
      const runId = await startRun(controller, sessionId, 'Survive a restart');
      await waitForEpisode(controller, runId, (e) => tracesOf(e, 'tool_start', 'run_code').length === 1, 20_000);
      return runId;
    });

    await test.step('expected failure: SIGKILL the controller mid-step — nothing is cleaned up: the row says running, the workflow is PENDING', async () => {
      // Grace 0 is a SIGKILL alone: no shutdown hook, no final write.
      await stack.stopService('controller', 0);
      await expect(controller.get('/health')).rejects.toThrow();
      const { rows } = await db.query('SELECT status FROM episodes WHERE id = $1', [id]);
      expect(rows[0].status).toBe('running');
      const wf = await db.query('SELECT status FROM dbos.workflow_status WHERE workflow_uuid = $1', [id]);
      expect(wf.rows[0].status).toBe('PENDING');
      const { rows: ends } = await db.query(`SELECT count(*)::int AS n FROM traces WHERE episode_id = $1 AND trace_type = 'tool_end' AND name = 'run_code'`, [id]);
      expect(ends[0].n).toBe(0);
    });

    await test.step('restart it and let the job finish: the workflow resumes by itself, re-runs the killed step and every later one, and completes', async () => {
      await stack.startService('controller');
      const go = await workerLight.post('/fs/write', { headers: sessionHeaders(sessionId), data: { path: 'go.txt', content: 'go' } });
      expect(go.status()).toBe(200);
      const e = await waitForEpisode(controller, id, hasStatus('completed', 'failed'), 60_000);
      expect(e.status, JSON.stringify(tracesOf(e, 'error'))).toBe('completed');
      expect(tracesOf(e, 'tool_end', 'run_code')[0]!.metadata.ok).toBe(true);
      expect(tracesOf(e, 'tool_end', 'write_file')[0]!.metadata.ok).toBe(true);
      expect(e.assets.map((a) => a.path)).toEqual(expect.arrayContaining(['script.ts', 'runs.txt']));
    });

    await test.step('the interruption is recorded, and no step recorded its traces twice', async () => {
      const e = await waitForEpisode(controller, id, hasStatus('completed'));
      const resumed = tracesOf(e, 'log', 'workflow_resumed');
      expect(resumed).toHaveLength(1);
      expect(resumed[0]!.content).toContain(`resuming workflow ${id}`);
      expect(tracesOf(e, 'tool_start', 'run_code')).toHaveLength(1);
      expect(tracesOf(e, 'tool_end', 'run_code')).toHaveLength(1);
      expect(tracesOf(e, 'llm_start', 'planner')).toHaveLength(2);
      // The killed job died with the controller's connection before its write; only the re-run did it.
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM traces WHERE episode_id = $1 AND trace_type = 'event' AND name = 'slow_job_done'`, [id]);
      expect(rows[0].n).toBe(1);
      const runs = await workerLight.post('/fs/read', { headers: sessionHeaders(sessionId), data: { path: 'runs.txt' } });
      expect((await runs.json()).content).toBe('run\n');
      const wf = await db.query('SELECT status, recovery_attempts FROM dbos.workflow_status WHERE workflow_uuid = $1', [id]);
      expect(wf.rows[0].status).toBe('SUCCESS');
      expect(Number(wf.rows[0].recovery_attempts)).toBeGreaterThanOrEqual(1);
    });

    await test.step('expected failure: the resumed workflow is over — interrupting it → 409, and the episode stays completed', async () => {
      const res = await controller.post(`/episodes/${id}/interrupt`);
      expect(res.status()).toBe(409);
      expect((await res.json()).message).toContain('completed');
      const { rows } = await db.query('SELECT status FROM episodes WHERE id = $1', [id]);
      expect(rows[0].status).toBe('completed');
    });

    await test.step('expected failure: with the light worker down, the asset proxy and @-mentions answer 502 naming it; nothing is queued', async () => {
      expectServiceErrors('controller', /"url":"\/episodes\/[^"]+\/(assets\/script\.ts|messages)","status":502/);
      await stack.stopService('worker-light');
      try {
        const asset = await controller.get(`/episodes/${id}/assets/script.ts`);
        expect(asset.status()).toBe(502);
        expect(await asset.json()).toMatchObject({ error: 'worker_unavailable', message: expect.stringContaining('light worker') });
        const mention = await controller.post(`/episodes/${id}/messages`, { data: { message: 'see @script.ts:1-2' } });
        expect(mention.status()).toBe(502);
        expect((await mention.json()).message).toContain('light worker could not read script.ts');
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM traces WHERE episode_id = $1 AND name = 'user_message'`, [id]);
        expect(rows[0].n).toBe(0);
      } finally {
        await stack.startService('worker-light');
      }
      expect((await controller.get(`/episodes/${id}/assets/script.ts`)).status()).toBe(200);
    });
  });
});
