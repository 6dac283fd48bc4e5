import { test, expect } from '../fixtures/index.ts';
import { hasStatus, startRun, tracesOf, waitForEpisode } from './support/controller.ts';

test.describe('durable episodes', () => {
  test('INT-041 killing the controller mid-run records the interruption and the durable workflow resumes', { tag: ['@p1', '@INT-041'] }, async ({
    controller,
    stack,
    db,
    sessionId,
  }) => {
    test.skip(!stack.instance, 'needs a stack this run booted (not an attached one) to kill the controller');
    const services = stack.instance!.stack;
    const id = await test.step('a run reaches its slow worker job', async () => {
      const runId = await startRun(controller, sessionId, 'Survive a restart');
      await waitForEpisode(controller, runId, (e) => tracesOf(e, 'tool_start', 'run_code').length === 1, 20_000);
      return runId;
    });

    await test.step('expected failure: SIGKILL the controller — the API is gone while it is down', async () => {
      await services.stopService('controller', 0);
      await expect(controller.get('/health')).rejects.toThrow();
      const { rows } = await db.query('SELECT status FROM episodes WHERE id = $1', [id]);
      expect(rows[0].status).toBe('running');
    });

    await test.step('restart it: the workflow resumes by itself and the episode completes', async () => {
      await services.startService('controller');
      const e = await waitForEpisode(controller, id, hasStatus('completed', 'failed'), 60_000);
      expect(e.status).toBe('completed');
      expect(tracesOf(e, 'event', 'review_decision')[0]!.metadata.decision).toBe('approved');
      expect(e.assets.map((a) => a.path)).toContain('script.ts');
    });

    await test.step('the interruption is recorded, and no step recorded its traces twice', async () => {
      const e = await waitForEpisode(controller, id, hasStatus('completed'));
      const resumed = tracesOf(e, 'log', 'workflow_resumed');
      expect(resumed).toHaveLength(1);
      expect(resumed[0]!.content).toContain(`resuming workflow ${id}`);
      expect(tracesOf(e, 'tool_start', 'run_code')).toHaveLength(1);
      expect(tracesOf(e, 'tool_end', 'run_code')).toHaveLength(1);
      expect(tracesOf(e, 'llm_start', 'planner')).toHaveLength(2);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM traces WHERE episode_id = $1 AND trace_type = 'event' AND name = 'slow_job_done'`, [id]);
      expect(rows[0].n).toBeGreaterThanOrEqual(1);
      const wf = await db.query('SELECT status, recovery_attempts FROM dbos.workflow_status WHERE workflow_uuid = $1', [id]);
      expect(wf.rows[0].status).toBe('SUCCESS');
      expect(Number(wf.rows[0].recovery_attempts)).toBeGreaterThanOrEqual(1);
    });
  });
});
