import { test, expect } from '../fixtures/workbench.ts';
import { sessionIdFor } from '../fixtures/harness/session-id.ts';
import { getEpisode } from '../fixtures/workbench/controller.ts';
import { sessionHeaders } from './support/session.ts';

test.describe('batch runs', () => {
  test('INT-043 a batch of episodes runs isolated and concurrently, each in its own session', { tag: ['@p1', '@INT-043'] }, async ({ controller, workerLight, db }) => {
    test.slow();
    const sessions = [0, 1, 2].map(() => sessionIdFor(test.info()));

    const batch = await test.step('POST /agent/batch → 202 with one episode per session', async () => {
      const res = await controller.post('/agent/batch', { data: { runs: sessions.map((session_id, i) => ({ task: `Drop the ball into the goal zone (run ${i})`, session_id })) } });
      expect(res.status(), await res.text()).toBe(202);
      const body = await res.json();
      expect(body.episodes.map((e: { session_id: string }) => e.session_id)).toEqual(sessions);
      expect(new Set(body.episodes.map((e: { episode_id: string }) => e.episode_id)).size).toBe(3);
      return body as { batch_id: string; episodes: { episode_id: string; session_id: string }[] };
    });

    await test.step('GET /agent/batch/{id} follows the batch until every run has completed', async () => {
      await expect.poll(async () => (await (await controller.get(`/agent/batch/${batch.batch_id}`)).json()).done, { timeout: 120_000, intervals: [500] }).toBe(true);
      const status = await (await controller.get(`/agent/batch/${batch.batch_id}`)).json();
      expect(status.episodes.map((e: { status: string }) => e.status)).toEqual(['completed', 'completed', 'completed']);
    });

    await test.step('they ran concurrently: every run had started before the first one finished', async () => {
      const { rows } = await db.query(
        `SELECT episode_id, min(at) FILTER (WHERE to_status = 'running') AS started, max(at) FILTER (WHERE to_status = 'completed') AS finished
           FROM episode_transitions WHERE episode_id = ANY($1) GROUP BY episode_id`,
        [batch.episodes.map((e) => e.episode_id)],
      );
      expect(rows).toHaveLength(3);
      const lastStart = Math.max(...rows.map((r) => (r.started as Date).getTime()));
      const firstEnd = Math.min(...rows.map((r) => (r.finished as Date).getTime()));
      expect(lastStart).toBeLessThan(firstEnd);
    });

    await test.step('isolated: each run has its own session, task, workspace and artifact prefix', async () => {
      for (const [i, e] of batch.episodes.entries()) {
        const episode = await getEpisode(controller, e.episode_id);
        expect(episode.session_id).toBe(sessions[i]);
        expect(episode.task).toContain(`(run ${i})`);
        const keys = episode.assets.map((a) => a.key);
        expect(keys.length).toBeGreaterThan(3);
        for (const key of keys) expect(key.startsWith(`${e.episode_id}/`)).toBe(true);
        const ls = await workerLight.post('/fs/ls', { headers: sessionHeaders(e.session_id), data: { path: '/' } });
        expect(ls.status()).toBe(200);
        const names = ((await ls.json()).entries as { path: string }[]).map((x) => x.path);
        expect(names).toEqual(expect.arrayContaining(['/script.ts', '/plan.md']));
      }
      const { rows } = await db.query('SELECT DISTINCT session_id FROM episodes WHERE metadata_vars->>\'batch_id\' = $1', [batch.batch_id]);
      expect(rows.map((r) => r.session_id).sort()).toEqual([...sessions].sort());
    });

    await test.step('expected failure: duplicate sessions → 400, a session still running → 409, an empty or oversized batch → 400, each naming the field; nothing is started', async () => {
      const before = (await db.query('SELECT count(*)::int AS n FROM episodes')).rows[0].n;
      const fresh = sessionIdFor(test.info());
      const dup = await controller.post('/agent/batch', { data: { runs: [{ task: 't', session_id: fresh }, { task: 't', session_id: fresh }] } });
      expect(dup.status()).toBe(400);
      expect(await dup.json()).toMatchObject({ error: 'duplicate_session', field: 'body.runs.1.session_id' });
      const running = await controller.post('/agent/run', { data: { task: 'a run holding the session', session_id: fresh } });
      expect(running.status()).toBe(202);
      const holding = (await running.json()).episode_id as string;
      const busy = await controller.post('/agent/batch', { data: { runs: [{ task: 't', session_id: sessionIdFor(test.info()) }, { task: 't', session_id: fresh }] } });
      expect(busy.status()).toBe(409);
      expect(await busy.json()).toMatchObject({ error: 'session_busy', field: 'body.runs.1.session_id' });
      const empty = await controller.post('/agent/batch', { data: { runs: [] } });
      expect(empty.status()).toBe(400);
      expect((await empty.json()).field).toBe('body.runs');
      const many = await controller.post('/agent/batch', { data: { runs: Array.from({ length: 11 }, () => ({ task: 't', session_id: sessionIdFor(test.info()) })) } });
      expect(many.status()).toBe(400);
      expect((await many.json()).field).toBe('body.runs');
      expect((await db.query('SELECT count(*)::int AS n FROM episodes')).rows[0].n).toBe(before + 1);
      expect((await controller.get('/agent/batch/00000000-0000-4000-8000-000000000000')).status()).toBe(404);
      // The run that held the session is not this test's subject: stop it (it may have finished already).
      expect([200, 409]).toContain((await controller.post(`/episodes/${holding}/interrupt`)).status());
    });
  });
});
