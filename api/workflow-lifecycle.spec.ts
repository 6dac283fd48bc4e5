import { test, expect } from '../fixtures/workbench.ts';
import { startRun, waitForStatus } from '../fixtures/workbench/controller.ts';

interface Lifecycle {
  episode_id: string;
  status: string;
  workflow_id: string | null;
  workflows: { workflow_id: string; name: string | null; status: string; application_version: string | null; recovery_attempts: number; created_at: string; updated_at: string }[];
  transitions: { from_status: string | null; to_status: string; workflow_id: string | null; reason: string | null; at: string }[];
}

test.describe('workflow lifecycle', () => {
  test('INT-053 an episode\'s DBOS workflow and every status transition, with timestamps, are persisted and queryable, consistent with DBOS\'s own rows', { tag: ['@p0', '@INT-053'] }, async ({
    controller,
    db,
    sessionId,
  }) => {
    const id = await startRun(controller, sessionId);
    const episode = await waitForStatus(controller, id, ['completed', 'failed']);
    expect(episode.status).toBe('completed');

    const life: Lifecycle = await test.step('GET /episodes/{id}/workflow names the workflow and the transitions queued → running → completed', async () => {
      const res = await controller.get(`/episodes/${id}/workflow`);
      expect(res.status(), await res.text()).toBe(200);
      const body: Lifecycle = await res.json();
      expect(body).toMatchObject({ episode_id: id, status: 'completed', workflow_id: episode.workflow_id });
      expect(body.transitions.map((t) => [t.from_status, t.to_status])).toEqual([
        [null, 'queued'],
        ['queued', 'running'],
        ['running', 'completed'],
      ]);
      for (const t of body.transitions) expect(t.workflow_id).toBe(episode.workflow_id);
      const times = body.transitions.map((t) => Date.parse(t.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[0]).toBeGreaterThanOrEqual(Date.parse(episode.created_at) - 1);
      expect(times.at(-1)).toBeLessThanOrEqual(Date.parse(episode.updated_at) + 1000);
      return body;
    });

    await test.step("the workflow record equals DBOS's own workflow_status row: SUCCESS, its application version, created before the episode ran", async () => {
      expect(life.workflows).toHaveLength(1);
      const { rows } = await db.query('SELECT workflow_uuid, name, status, application_version, recovery_attempts, created_at, updated_at FROM dbos.workflow_status WHERE workflow_uuid = $1', [episode.workflow_id]);
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      expect(life.workflows[0]).toEqual({
        workflow_id: row.workflow_uuid,
        name: row.name,
        status: 'SUCCESS',
        application_version: row.application_version,
        recovery_attempts: Number(row.recovery_attempts),
        created_at: new Date(Number(row.created_at)).toISOString(),
        updated_at: new Date(Number(row.updated_at)).toISOString(),
      });
      expect(row.status).toBe('SUCCESS');
      // DBOS marks its workflow done after the episode's last step wrote `completed`.
      expect(Number(row.updated_at)).toBeGreaterThanOrEqual(Date.parse(life.transitions.at(-1)!.at) - 5);
    });

    await test.step('the transitions are rows in Postgres, the same as the API gives', async () => {
      const { rows } = await db.query('SELECT from_status, to_status, workflow_id, at FROM episode_transitions WHERE episode_id = $1 ORDER BY id', [id]);
      expect(rows.map((r) => ({ from_status: r.from_status, to_status: r.to_status, workflow_id: r.workflow_id, at: (r.at as Date).toISOString() }))).toEqual(
        life.transitions.map(({ reason: _reason, ...t }) => t),
      );
    });

    await test.step('a status written by any path leaves its transition: the trigger records a direct UPDATE too', async () => {
      // The database, not the controller's code, keeps the record; a later direct write shows up.
      await db.query("UPDATE episodes SET status = 'failed', metadata_vars = metadata_vars || '{\"error\":\"set by INT-053\"}'::jsonb WHERE id = $1", [id]);
      const after: Lifecycle = await (await controller.get(`/episodes/${id}/workflow`)).json();
      expect(after.transitions.at(-1)).toMatchObject({ from_status: 'completed', to_status: 'failed', reason: 'set by INT-053' });
    });

    await test.step('expected failure: an unknown episode → 404, a malformed ID → 400 naming the field', async () => {
      const unknown = await controller.get('/episodes/00000000-0000-4000-8000-000000000000/workflow');
      expect(unknown.status()).toBe(404);
      const malformed = await controller.get('/episodes/not-a-uuid/workflow');
      expect(malformed.status()).toBe(400);
      expect(await malformed.json()).toMatchObject({ field: expect.stringContaining('id') });
    });
  });
});
