import fs from 'node:fs';
import { expectServiceErrors, test, expect } from '../fixtures/workbench.ts';
import { sessionIdFor } from '../fixtures/harness/session-id.ts';
import { hasStatus, startRun, tracesOf, waitForEpisode } from '../fixtures/workbench/controller.ts';

/** The controller's JSON log lines written after `from` (a byte offset). */
const logSince = (file: string, from: number): Record<string, any>[] =>
  fs.readFileSync(file).subarray(from).toString('utf8').split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l)];
    } catch {
      return [];
    }
  });

test.describe('workflow engine faults', () => {
  test.skip(({ stack }) => stack.mode === 'attach', 'fault injection needs a booted stack');

  test('INT-054 the workflow engine losing its database mid-run never ends in a false success: a short cut is ridden out and the run completes; past the budget the episode ends failed with the reason and a failure event', { tag: ['@p0', '@INT-054'] }, async ({
    controller,
    stack,
    db,
    sessionId,
  }) => {
    test.slow();
    const log = stack.logFiles.controller!;
    expectServiceErrors('controller', /database unreachable|runs failed after a database outage|Postgres unreachable past|ECONNREFUSED|Connection terminated|Database connection failed/);
    const said = (from: number, msg: string) => logSince(log, from).some((l) => l.msg === msg);
    /** Starts a run and cuts Postgres (connections refused) once its first tool call is under way. */
    const runAndCut = async (session: string) => {
      const id = await startRun(controller, session);
      await waitForEpisode(controller, id, (e) => tracesOf(e, 'tool_start').length >= 1);
      const from = fs.statSync(log).size;
      await stack.fault('postgres', 'refuse');
      await expect.poll(() => said(from, 'database unreachable'), { timeout: 10_000 }).toBe(true);
      return { id, from };
    };

    await test.step('a cut shorter than the 5 s budget: the engine waits it out, the database comes back, the run completes', async () => {
      const { id, from } = await runAndCut(sessionId);
      await stack.restore('postgres');
      const e = await waitForEpisode(controller, id, hasStatus('completed', 'failed', 'cancelled'));
      expect(e.status).toBe('completed');
      expect(tracesOf(e, 'error')).toHaveLength(0);
      expect(logSince(log, from).find((l) => l.msg === 'database reachable again')).toMatchObject({ over_budget: false });
    });

    await test.step('expected failure: a cut outlasting the budget → once the database is back the episode is failed (not completed, not left running) with the outage as its reason and an episode_failed event; its workflow is cancelled', async () => {
      const { id, from } = await runAndCut(sessionIdFor(test.info()));
      await expect.poll(() => said(from, 'database unreachable past the budget; active runs will be failed'), { timeout: 20_000 }).toBe(true);
      await stack.restore('postgres');
      const e = await waitForEpisode(controller, id, hasStatus('completed', 'failed', 'cancelled'), 90_000);
      expect(e.status).toBe('failed');
      expect(String(e.metadata_vars.error)).toMatch(/the workflow engine's database was unreachable for \d+\.\d s, longer than the 5\.0 s budget \(.*ECONNREFUSED.*\); the run was stopped rather than resumed/);
      const [event] = tracesOf(e, 'error', 'episode_failed');
      expect(event?.content).toBe(e.metadata_vars.error);
      expect(tracesOf(e, 'log', 'assets_uploaded')).toHaveLength(0);
      const life = await (await controller.get(`/episodes/${id}/workflow`)).json();
      expect(life.transitions.at(-1)).toMatchObject({ from_status: 'running', to_status: 'failed', reason: e.metadata_vars.error });
      // DBOS's own row agrees: the workflow was cancelled, it will not resume and complete later.
      await expect.poll(async () => (await db.query('SELECT status FROM dbos.workflow_status WHERE workflow_uuid = $1', [e.workflow_id])).rows[0]?.status).toBe('CANCELLED');
      expect((await controller.get(`/episodes/${id}`).then((r) => r.json())).status).toBe('failed');
    });
  });
});
