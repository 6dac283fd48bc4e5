import fs from 'node:fs';
import { test, expect } from '../fixtures/workbench.ts';
import { hasStatus, startRun, tracesOf, waitForEpisode } from '../fixtures/workbench/controller.ts';
import { sessionHeaders } from './support/session.ts';

/** The minor page faults of a process's reaped children (/proc stat field 11): any child that ran adds to it. */
function reapedChildren(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[8]);
}

test.describe('agent runs', () => {
  test('INT-002 a real agent run executes generated code on the light worker only', { tag: ['@p0', '@INT-002'] }, async ({
    controller,
    workerLight,
    stack,
    sessionId,
  }) => {
    const lightLog = stack.logFiles['worker-light']!;
    const logStart = Object.fromEntries(Object.entries(stack.logFiles).map(([service, file]) => [service, fs.statSync(file).size]));
    const controllerPid = stack.pid('controller');
    const childrenBefore = controllerPid ? reapedChildren(controllerPid) : undefined;

    const id = await test.step('POST /agent/run → 202 accepted with an episode ID', () => startRun(controller, sessionId));

    const episode = await test.step('the episode runs planner → coder → reviewer and completes', async () => {
      const e = await waitForEpisode(controller, id, hasStatus('completed', 'failed'));
      expect(e.status, JSON.stringify(tracesOf(e, 'error'))).toBe('completed');
      expect([...new Set(tracesOf(e, 'llm_start').map((t) => t.name))]).toEqual(['planner', 'coder', 'reviewer']);
      return e;
    });

    await test.step('the run_code tool call went to the light worker and returned its output and events', async () => {
      const end = tracesOf(episode, 'tool_end', 'run_code')[0]!;
      expect(end.metadata).toMatchObject({ ok: true, is_error: false });
      expect(JSON.parse(end.content!)).toMatchObject({ exit_code: 0, timed_out: false, stdout: '{"inside":true}\n' });
      const check = tracesOf(episode, 'event', 'build_zone_check')[0]!;
      expect(check.metadata).toMatchObject({ source: 'worker-light', inside: true, tool: 'run_code' });
    });

    await test.step("the session's events.jsonl (light worker) holds the event the generated code emitted", async () => {
      const res = await workerLight.post('/fs/read', { headers: sessionHeaders(sessionId), data: { path: 'events.jsonl' } });
      const lines = (await res.json()).content.split('\n').filter(Boolean).map((l: string) => JSON.parse(l));
      expect(lines).toContainEqual(expect.objectContaining({ event_type: 'build_zone_check', inside: true }));
    });

    await test.step("the execution is in the light worker's request log for this session, and in no other service's", async () => {
      const executions = Object.fromEntries(
        Object.entries(stack.logFiles).map(([service, file]) => [
          service,
          fs.readFileSync(file, 'utf8').slice(logStart[service]).split('\n').filter((l) => l.includes('/runtime/execute') || l.includes('"msg":"run killed"')).length,
        ]),
      );
      const light = fs.readFileSync(lightLog, 'utf8').slice(logStart['worker-light']).split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const ours = light.filter((l) => l.path === '/runtime/execute' && l.session_id === sessionId);
      expect(ours).toEqual([expect.objectContaining({ status: 200 })]);
      expect(executions).toEqual(Object.fromEntries(Object.keys(stack.logFiles).map((s) => [s, s === 'worker-light' ? 1 : 0])));
    });

    await test.step('expected failure: the controller itself ran no code: it started no child process during the run', async () => {
      test.skip(!controllerPid, 'an attached stack does not tell its controller\'s pid');
      // A reaped child leaves its page faults in the parent's counters (cminflt); a live one is
      // listed. The one child it may have is esbuild's parser service (its lint: parses, never runs).
      expect(reapedChildren(controllerPid!)).toEqual(childrenBefore);
      const live = fs.readFileSync(`/proc/${controllerPid}/task/${controllerPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      const commands = live.map((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean));
      for (const argv of commands) expect(argv, 'a child of the controller').toEqual([expect.stringMatching(/\/esbuild$/), expect.stringMatching(/^--service=/), '--ping']);
    });

    await test.step('the coder handed the design over: submit succeeded on the heavy worker, before the review', async () => {
      const submit = tracesOf(episode, 'tool_end', 'submit');
      expect(submit).toHaveLength(1);
      expect(submit[0]!.metadata, submit[0]!.content ?? '').toMatchObject({ ok: true, is_error: false });
      expect(JSON.parse(submit[0]!.content!)).toMatchObject({ success: true });
      expect(episode.metadata_vars.submission).toMatchObject({ ok: true });
      const review = tracesOf(episode, 'event', 'review_decision')[0]!;
      expect(review.id).toBeGreaterThan(submit[0]!.id);
    });

    await test.step('expected failure: the deliberately broken first script is a lint failure shown to the model, then fixed', async () => {
      const writes = tracesOf(episode, 'tool_end', 'write_file').filter((t) => t.content?.includes('script.ts'));
      const broken = writes.find((t) => t.metadata.ok === false)!;
      expect(JSON.parse(broken.content!).lint_errors[0]).toMatchObject({ line: expect.any(Number), text: expect.any(String) });
      const lint = tracesOf(episode, 'event', 'lint_failure_code')[0]!;
      expect(lint.metadata).toMatchObject({ path: 'script.ts', source: 'controller' });
      // The model's next turn received the failure in its input.
      const next = tracesOf(episode, 'llm_start').find((t) => t.id > broken.id)!;
      expect(next.content).toContain('lint_errors');
      const edit = tracesOf(episode, 'tool_end', 'edit_file')[0]!;
      expect(edit.metadata.ok).toBe(true);
    });

    await test.step('expected failure: a run request without session_id or with a bad one → 400 naming the field', async () => {
      const missing = await controller.post('/agent/run', { data: { task: 'x' } });
      expect(missing.status()).toBe(400);
      expect(await missing.json()).toMatchObject({ error: 'validation_failed', field: 'body.session_id' });
      const bad = await controller.post('/agent/run', { data: { task: 'x', session_id: '../etc' } });
      expect(bad.status()).toBe(400);
      expect((await bad.json()).field).toBe('body.session_id');
    });

    await test.step('expected failure: a NUL character anywhere in the request → 400 naming the field, and no episode is created', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ task: 'a\u0000b' }, 'body.task'],
        [{ task: 'ok', metadata_vars: { deep: { k: ['fine', 'nul\u0000'] } } }, 'body.metadata_vars.deep.k.1'],
        [{ task: 'ok', metadata_vars: { 'key\u0000': 1 } }, 'body.metadata_vars'],
        [{ task: 'ok', agent_name: '\u0000' }, 'body.agent_name'],
      ];
      const session = `${sessionId}-nul`;
      for (const [data, field] of cases) {
        const res = await controller.post('/agent/run', { data: { session_id: session, ...data } });
        expect(res.status(), field).toBe(400);
        expect(await res.json()).toMatchObject({ error: 'validation_failed', field, message: expect.stringContaining('NUL') });
      }
      const list = await (await controller.get('/episodes?limit=200')).json();
      expect(list.items.filter((e: { session_id: string }) => e.session_id === session)).toEqual([]);
    });
  });
});
