import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';
import { getEpisode, hasStatus, startRun, tracesOf, waitForEpisode } from '../fixtures/workbench/controller.ts';

test.describe('interrupt', () => {
  test('INT-030 interrupt cancels the workflow and the worker job, and leaves the episode consistently cancelled', { tag: ['@p0', '@INT-030'] }, async ({
    controller,
    workerLight,
    db,
    sessionId,
  }) => {
    const ticks = async () => {
      const res = await workerLight.post('/fs/read', { headers: sessionHeaders(sessionId), data: { path: 'ticks.txt' } });
      // The job writes its first tick a moment after its tool_start trace: none yet is 0 ticks.
      if (res.status() === 404) return 0;
      expect(res.status()).toBe(200);
      return ((await res.json()).content as string).length;
    };

    const id = await test.step('a run starts a 20 s job on the light worker, which is ticking', async () => {
      const runId = await startRun(controller, sessionId, 'Run a long job');
      await waitForEpisode(controller, runId, (e) => tracesOf(e, 'tool_start', 'run_code').length === 1, 20_000);
      await expect.poll(ticks, { timeout: 20_000 }).toBeGreaterThan(0);
      return runId;
    });

    await test.step('POST /episodes/{id}/interrupt → cancelled at once', async () => {
      const res = await controller.post(`/episodes/${id}/interrupt`);
      expect(res.status()).toBe(200);
      expect(await res.json()).toEqual({ status: 'cancelled', episode_id: id });
    });

    await test.step('the waiting tool call is aborted and recorded as cancelled', async () => {
      const e = await waitForEpisode(controller, id, (ep) => tracesOf(ep, 'tool_end', 'run_code').length === 1, 20_000);
      const end = tracesOf(e, 'tool_end', 'run_code')[0]!;
      expect(end.metadata).toMatchObject({ is_error: true, ok: false });
      expect(end.content).toContain('cancelled');
      expect(e.status).toBe('cancelled');
      expect(tracesOf(e, 'log', 'interrupted')).toHaveLength(1);
    });

    await test.step('the worker job itself is stopped: its ticks stop and its last write never happens', async () => {
      const stopped = await ticks();
      await new Promise((r) => setTimeout(r, 1000)); // ten ticks' worth
      expect(await ticks()).toBe(stopped);
      const late = await workerLight.post('/fs/exists', { headers: sessionHeaders(sessionId), data: { path: 'late.txt' } });
      expect(await late.json()).toMatchObject({ exists: false });
    });

    await test.step('the episode stays cancelled: no further model turn, no completion, no assets', async () => {
      await new Promise((r) => setTimeout(r, 1500));
      const e = await getEpisode(controller, id);
      expect(e.status).toBe('cancelled');
      expect(e.metadata_vars.detailed_status).toBe('cancelled');
      const lastLlm = tracesOf(e, 'llm_start').at(-1)!;
      expect(lastLlm.metadata).toMatchObject({ role: 'coder', turn: 0 });
      expect(e.assets).toEqual([]);
    });

    await test.step('Postgres agrees: the episode row and the DBOS workflow are both cancelled', async () => {
      const { rows } = await db.query('SELECT status FROM episodes WHERE id = $1', [id]);
      expect(rows[0].status).toBe('cancelled');
      const wf = await db.query('SELECT status FROM dbos.workflow_status WHERE workflow_uuid = $1', [id]);
      expect(wf.rows[0].status).toBe('CANCELLED');
    });

    await test.step('expected failure: interrupting again → 409; an unknown episode → 404; a malformed ID → 400', async () => {
      const again = await controller.post(`/episodes/${id}/interrupt`);
      expect(again.status()).toBe(409);
      expect((await again.json()).message).toContain('cancelled');
      const unknown = await controller.post('/episodes/00000000-0000-4000-8000-000000000000/interrupt');
      expect(unknown.status()).toBe(404);
      const bad = await controller.post('/episodes/not-an-id/interrupt');
      expect(bad.status()).toBe(400);
      expect((await bad.json()).field).toBe('params.id');
    });
  });

  test('INT-030 interrupting a planned benchmark cancels the workflow waiting for confirmation', { tag: ['@p0', '@INT-030'] }, async ({ controller, db, sessionId }) => {
    const session = `${sessionId}-plan`;
    const id = await test.step('a benchmark is generated and stops at planned', async () => {
      const res = await controller.post('/benchmark/generate', { data: { prompt: 'A drop test', session_id: session } });
      expect(res.status()).toBe(202);
      const episodeId = (await res.json()).episode_id as string;
      await waitForEpisode(controller, episodeId, hasStatus('planned', 'failed'));
      return episodeId;
    });

    await test.step('POST /episodes/{id}/interrupt → cancelled; the episode and its DBOS workflow agree', async () => {
      const res = await controller.post(`/episodes/${id}/interrupt`);
      expect(res.status()).toBe(200);
      expect(await res.json()).toEqual({ status: 'cancelled', episode_id: id });
      const e = await getEpisode(controller, id);
      expect(e).toMatchObject({ status: 'cancelled', metadata_vars: { detailed_status: 'cancelled' } });
      expect(tracesOf(e, 'log', 'interrupted')).toHaveLength(1);
      const wf = await db.query('SELECT status FROM dbos.workflow_status WHERE workflow_uuid = $1', [id]);
      expect(wf.rows[0].status).toBe('CANCELLED');
    });

    await test.step('expected failure: confirming the cancelled plan → 409; the coder never starts', async () => {
      const confirm = await controller.post(`/benchmark/${id}/confirm`, { data: { comment: 'too late' } });
      expect(confirm.status()).toBe(409);
      expect((await confirm.json()).message).toContain('cancelled');
      const bySession = await controller.post(`/benchmark/${session}/confirm`);
      expect(bySession.status()).toBe(409);
      const e = await getEpisode(controller, id);
      expect(tracesOf(e, 'llm_start', 'coder')).toEqual([]);
      expect(tracesOf(e, 'log', 'plan_confirmation')).toEqual([]);
      expect(e.status).toBe('cancelled');
    });
  });
});
