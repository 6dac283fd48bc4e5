import { test, expect } from '../fixtures/index.ts';
import { apiKey, getEpisode, hasStatus, startRun, tracesOf, waitForEpisode } from './support/controller.ts';

test.describe('interrupt', () => {
  test('INT-030 interrupt cancels the workflow and the worker request, and leaves the episode consistently cancelled', { tag: ['@p0', '@INT-030'] }, async ({
    controller,
    db,
    sessionId,
  }) => {
    const id = await test.step('a run starts a 20 s job on the light worker', async () => {
      const runId = await startRun(controller, sessionId, 'Run a long job');
      await waitForEpisode(controller, runId, (e) => tracesOf(e, 'tool_start', 'run_code').length === 1, 20_000);
      return runId;
    });

    const started = Date.now();
    await test.step('POST /episodes/{id}/interrupt → cancelled at once', async () => {
      const res = await controller.post(`/episodes/${id}/interrupt`, { headers: apiKey });
      expect(res.status()).toBe(200);
      expect(await res.json()).toEqual({ status: 'cancelled', episode_id: id });
    });

    await test.step('the waiting tool call is aborted within seconds (not after the 20 s job) and recorded as cancelled', async () => {
      const e = await waitForEpisode(controller, id, (ep) => tracesOf(ep, 'tool_end', 'run_code').length === 1, 10_000);
      expect(Date.now() - started).toBeLessThan(10_000);
      const end = tracesOf(e, 'tool_end', 'run_code')[0]!;
      expect(end.metadata).toMatchObject({ is_error: true, ok: false });
      expect(end.content).toContain('cancelled');
      expect(e.status).toBe('cancelled');
      expect(tracesOf(e, 'log', 'interrupted')).toHaveLength(1);
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
      const again = await controller.post(`/episodes/${id}/interrupt`, { headers: apiKey });
      expect(again.status()).toBe(409);
      expect((await again.json()).message).toContain('cancelled');
      const unknown = await controller.post('/episodes/00000000-0000-4000-8000-000000000000/interrupt', { headers: apiKey });
      expect(unknown.status()).toBe(404);
      const bad = await controller.post('/episodes/not-an-id/interrupt', { headers: apiKey });
      expect(bad.status()).toBe(400);
      expect((await bad.json()).field).toBe('params.id');
    });
  });
});
