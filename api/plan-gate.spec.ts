import { test, expect } from '../fixtures/workbench.ts';
import { hasStatus, startRun, tracesOf, waitForEpisode } from '../fixtures/workbench/controller.ts';
import { sessionHeaders } from './support/session.ts';
import { PLAN_FILES, planRoute, putFiles, triples } from './support/plan-files.ts';

test.describe('plan gate', () => {
  test('INT-005 the planner handoff is refused unless all four files exist and pass, listing every missing or invalid file', { tag: ['@p0', '@INT-005'] }, async ({
    workerLight,
    workerHeavy,
    sessionId,
  }) => {
    await test.step('expected failure: only notes in the session → all four files reported missing', async () => {
      await putFiles(workerLight, sessionId, { 'notes.md': 'nothing yet' });
      const r = await planRoute(workerHeavy, workerLight, 'check', sessionId);
      expect(r.status).toBe(200);
      expect(r.body.success).toBe(false);
      expect(r.body.files).toEqual([
        { file: 'plan.md', status: 'missing' },
        { file: 'todo.md', status: 'missing' },
        { file: 'objectives.yaml', status: 'missing' },
        { file: 'assembly_definition.yaml', status: 'missing' },
      ]);
      expect(triples(r.body.problems)).toEqual(['plan.md', 'todo.md', 'objectives.yaml', 'assembly_definition.yaml'].map((f) => [f, 'FILE_MISSING', undefined]));
      expect(r.body.message).toBe('plan refused: plan.md (missing), todo.md (missing), objectives.yaml (missing), assembly_definition.yaml (missing); fix every problem listed and submit again');
    });

    await test.step('expected failure: one file missing and three invalid → one refusal naming all four', async () => {
      await putFiles(workerLight, sessionId, {
        'plan.md': PLAN_FILES['plan.md'].replace('## 3. Assembly Strategy', '## 3. Assembly'),
        'todo.md': '* [ ] Write script.ts\n',
        'objectives.yaml': PLAN_FILES['objectives.yaml'].replace('label: ball', 'label: ball\n  colour: red'),
      });
      const r = await planRoute(workerHeavy, workerLight, 'submit', sessionId);
      expect(r.body.success).toBe(false);
      expect(r.body.approval).toBeNull();
      expect(r.body.files.map((f) => `${f.file}:${f.status}`)).toEqual(['plan.md:invalid', 'todo.md:invalid', 'objectives.yaml:invalid', 'assembly_definition.yaml:missing']);
      expect(triples(r.body.problems)).toEqual([
        ['plan.md', 'PLAN_MISSING_HEADING', '## 3. Assembly Strategy'],
        ['todo.md', 'TODO_INVALID_CHECKBOX', 'line 1'],
        ['todo.md', 'TODO_NO_ITEMS', undefined],
        ['objectives.yaml', 'INVALID_OBJECTIVES', 'moved_object.colour'],
        ['assembly_definition.yaml', 'FILE_MISSING', undefined],
      ]);
    });

    await test.step('expected failure: an invalid assembly_definition.yaml (required sections absent) is refused by its own validator', async () => {
      await putFiles(workerLight, sessionId, { ...PLAN_FILES, 'assembly_definition.yaml': 'version: 1\nmanufactured_parts: []\n' });
      const r = await planRoute(workerHeavy, workerLight, 'check', sessionId);
      expect(r.body.success).toBe(false);
      expect(r.body.files.filter((f) => f.status !== 'ok')).toEqual([{ file: 'assembly_definition.yaml', status: 'invalid' }]);
      expect(r.body.problems.every((p) => p.file === 'assembly_definition.yaml')).toBe(true);
    });

    await test.step('expected failure: a folder named plan.md is not a file', async () => {
      const sid = `${sessionId}-dir`;
      const { 'plan.md': _plan, ...others } = PLAN_FILES;
      await putFiles(workerLight, sid, { ...others, 'plan.md/notes.md': 'oops' });
      const r = await planRoute(workerHeavy, workerLight, 'check', sid);
      expect(triples(r.body.problems)).toEqual([['plan.md', 'FILE_NOT_A_FILE', undefined]]);
    });

    await test.step('all four valid → check passes, submit records the approval with the todo items and file hashes', async () => {
      await putFiles(workerLight, sessionId, PLAN_FILES);
      const check = await planRoute(workerHeavy, workerLight, 'check', sessionId);
      expect(check.body).toMatchObject({ success: true, problems: [] });
      const r = await planRoute(workerHeavy, workerLight, 'submit', sessionId);
      expect(r.status).toBe(200);
      expect(r.body.success).toBe(true);
      expect(r.body.approval!.todo_items.map((t) => t.text)).toEqual(['Write script.ts', 'Validate', 'Simulate', 'Submit']);
      expect(r.body.approval!.files.map((f) => f.path)).toEqual(['assembly_definition.yaml', 'objectives.yaml', 'plan.md', 'todo.md']);
      for (const f of r.body.approval!.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    await test.step('expected failure: bad requests are 4xx, not refusals', async () => {
      expect((await workerHeavy.post('/plan/check', { data: {} })).status()).toBe(400);
      expect((await workerHeavy.post('/plan/check', { headers: sessionHeaders(sessionId), data: { bundle_base64: '%%%' } })).status()).toBe(400);
      expect((await workerHeavy.post('/plan/submit', { headers: sessionHeaders(sessionId), data: { extra: 1 } })).status()).toBe(400);
      expect((await workerHeavy.post('/plan/check', { headers: sessionHeaders(`${sessionId}-nosuch`), data: {} })).status()).toBe(404);
    });
  });

  test('INT-005 an agent run: submit_plan returns every problem to the model, which fixes the files and is accepted', { tag: ['@p0', '@INT-005'] }, async ({
    controller,
    sessionId,
  }) => {
    // Scenario INT-005: a first handover with three invalid files and no assembly_definition.yaml, then a fixed one.
    const id = await startRun(controller, sessionId);
    const episode = await waitForEpisode(controller, id, hasStatus('completed', 'failed'), 90_000);
    expect(episode.status).toBe('completed');
    const ends = tracesOf(episode, 'tool_end', 'submit_plan');
    const events = tracesOf(episode, 'event').filter((e) => e.name?.startsWith('plan_submission_'));

    await test.step('expected failure: the first submit_plan is refused; its result lists every missing or invalid file', async () => {
      expect(ends).toHaveLength(2);
      expect(ends[0]!.metadata).toMatchObject({ ok: false });
      const result = JSON.parse(ends[0]!.content!);
      expect(result.status).toBe('rejected');
      expect(result.files).toEqual([
        { file: 'plan.md', status: 'invalid' },
        { file: 'todo.md', status: 'invalid' },
        { file: 'objectives.yaml', status: 'invalid' },
        { file: 'assembly_definition.yaml', status: 'missing' },
      ]);
      const codes = new Set(result.problems.map((p: { file: string; code: string }) => `${p.file}:${p.code}`));
      for (const c of ['plan.md:PLAN_MISSING_HEADING', 'todo.md:TODO_INVALID_CHECKBOX', 'objectives.yaml:INVALID_OBJECTIVES', 'assembly_definition.yaml:FILE_MISSING']) expect(codes).toContain(c);
      expect(events[0]!.name).toBe('plan_submission_rejected');
      expect(events[0]!.metadata.files).toEqual(result.files);
    });

    await test.step('the model read exactly that result, fixed the files, and the second submit_plan was accepted', async () => {
      const next = tracesOf(episode, 'llm_start', 'planner').find((t) => t.id > ends[0]!.id)!;
      expect(next.content).toContain(ends[0]!.content);
      expect(ends[1]!.metadata).toMatchObject({ ok: true });
      expect(JSON.parse(ends[1]!.content!)).toMatchObject({ status: 'accepted', problems: [] });
      expect(events.map((e) => e.name)).toEqual(['plan_submission_rejected', 'plan_submission_accepted']);
      expect(events[1]!.id).toBeGreaterThan(events[0]!.id);
      const approved = tracesOf(episode, 'event', 'plan_approved');
      expect(approved).toHaveLength(1);
      expect(approved[0]!.metadata).toMatchObject({ source: 'worker-heavy', todo_items: 4 });
    });

    await test.step('the accepted plan and its todo list are on the episode', async () => {
      expect(episode.plan).toContain('## 5. Risk Assessment');
      expect(episode.todo_list?.map((t) => t.text)).toEqual(['Write script.ts', 'Validate', 'Simulate', 'Submit']);
    });
  });
});
