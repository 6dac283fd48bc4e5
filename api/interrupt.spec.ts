import fs from 'node:fs';
import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';
import { getEpisode, hasStatus, startRun, tracesOf, waitForEpisode } from '../fixtures/workbench/controller.ts';

/** A service's JSON log lines. */
const logLines = (file: string): Record<string, any>[] =>
  fs.readFileSync(file, 'utf8').split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l)];
    } catch {
      return [];
    }
  });

/** Pids of the group's processes that still run (a killed process may linger as a zombie until reaped). */
function liveProcessesOfGroup(pgid: number): number[] {
  return fs.readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === pgid && state !== 'Z' ? [Number(entry)] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}

test.describe('interrupt', () => {
  test('INT-030 interrupt cancels the workflow and the worker job, and leaves the episode consistently cancelled', { tag: ['@p0', '@INT-030'] }, async ({
    controller,
    workerLight,
    stack,
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

    const ticksAtKill = await test.step("the worker job itself is stopped: the worker's record says its process group was killed, and none of it remains", async () => {
      // The worker writes this line once the killed run's whole group is gone (its pipes closed).
      let killed: Record<string, any> | undefined;
      await expect
        .poll(() => (killed = logLines(stack.logFiles['worker-light']!).find((l) => l.msg === 'run killed' && l.session_id === sessionId)), { timeout: 20_000 })
        .toBeTruthy();
      expect(killed).toMatchObject({ reason: 'caller_gone', pgid: expect.any(Number) });
      expect(liveProcessesOfGroup(killed!.pgid)).toEqual([]);
      const late = await workerLight.post('/fs/exists', { headers: sessionHeaders(sessionId), data: { path: 'late.txt' } });
      expect(await late.json()).toMatchObject({ exists: false });
      return ticks();
    });

    await test.step('the episode stays cancelled: the workflow is final, and nothing happened after the interrupt but the cancelled tool result', async () => {
      const wf = await db.query('SELECT status FROM dbos.workflow_status WHERE workflow_uuid = $1', [id]);
      expect(wf.rows[0].status).toBe('CANCELLED'); // terminal: DBOS runs no further step of it
      const e = await getEpisode(controller, id);
      const interrupted = tracesOf(e, 'log', 'interrupted')[0]!;
      // The aborted call's result may be recorded just before or just after the interrupt: nothing else is.
      const after = e.traces.filter((t) => t.id > interrupted.id).map((t) => `${t.trace_type}:${t.name}`);
      expect(after.filter((t) => t !== 'tool_end:run_code')).toEqual([]);
      expect(await ticks()).toBe(ticksAtKill); // the dead group wrote nothing since its record
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

    await test.step('expected failure: interrupting again → 409; an unknown episode → 404; a malformed ID → 400 (a urn:uuid: one too)', async () => {
      const urn = await controller.post(`/episodes/urn:uuid:${id}/interrupt`);
      expect(urn.status()).toBe(400);
      expect((await urn.json()).field).toBe('params.id');
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

  test('INT-030 two interrupts at once: one answers 200, the other 409, and one interruption is recorded', { tag: ['@p0', '@INT-030'] }, async ({ controller, sessionId }) => {
    const id = await test.step('a run is waiting on its long worker job', async () => {
      const runId = await startRun(controller, sessionId, 'Run a long job');
      await waitForEpisode(controller, runId, (e) => tracesOf(e, 'tool_start', 'run_code').length === 1, 20_000);
      return runId;
    });
    await test.step('expected failure: both interrupts sent together → exactly one 200 and one 409', async () => {
      const answers = await Promise.all([controller.post(`/episodes/${id}/interrupt`), controller.post(`/episodes/${id}/interrupt`)]);
      expect(answers.map((a) => a.status()).sort()).toEqual([200, 409]);
    });
    await test.step('the episode has one "interrupted" trace, and is cancelled', async () => {
      const e = await getEpisode(controller, id);
      expect(tracesOf(e, 'log', 'interrupted')).toHaveLength(1);
      expect(e.status).toBe('cancelled');
    });
  });
});
