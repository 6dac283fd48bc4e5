import WebSocket from 'ws';
import { controllerAuth, test, expect } from '../fixtures/workbench.ts';
import { hasStatus, startRun, tracesOf, waitForEpisode } from '../fixtures/workbench/controller.ts';
import { sessionEvents } from './support/heavy-scenes.ts';

type WsMessage = { type: string; episode_id: string; [k: string]: any };

/** Collects the episode's WebSocket messages until `done(message)` or the timeout. */
function collect(url: string, done: (m: WsMessage) => boolean, timeout = 30_000): Promise<WsMessage[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: controllerAuth() });
    const messages: WsMessage[] = [];
    const timer = setTimeout(() => {
      ws.close();
      resolve(messages);
    }, timeout);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as WsMessage;
      messages.push(m);
      if (done(m)) {
        clearTimeout(timer);
        ws.close();
        resolve(messages);
      }
    });
    ws.on('error', reject);
  });
}

test.describe('agent run events', () => {
  test('INT-025 worker events reach the controller and are persisted without loss', { tag: ['@p0', '@INT-025'] }, async ({
    controller,
    workerLight,
    stack,
    db,
    sessionId,
  }) => {
    const id = await test.step('a run starts; its WebSocket is opened at once', () => startRun(controller, sessionId));
    const wsUrl = `${stack.urls.controller!.replace(/^http/, 'ws')}/episodes/${id}/ws`;
    const live = collect(wsUrl, (m) => m.type === 'status_update' && ['completed', 'failed', 'cancelled'].includes(m.status));
    const episode = await waitForEpisode(controller, id, hasStatus('completed', 'failed'));
    expect(episode.status).toBe('completed');

    await test.step("every line of the session's events.jsonl is an `event` trace of the episode, once, with its fields", async () => {
      const stream = await sessionEvents(workerLight, sessionId);
      const fromWorkers = tracesOf(episode, 'event').filter((t) => t.metadata.source !== 'controller');
      expect(stream.length).toBeGreaterThanOrEqual(9);
      expect(fromWorkers.map((t) => [t.name, t.metadata.timestamp])).toEqual(stream.map((e) => [e.event_type, e.timestamp]));
      for (const [i, e] of stream.entries()) expect(fromWorkers[i]!.metadata).toMatchObject(e);
    });

    await test.step('the rows in Postgres match, one per worker event, nothing duplicated', async () => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys FROM traces
         WHERE episode_id = $1 AND trace_type = 'event' AND metadata->>'source' <> 'controller'`,
        [id],
      );
      const stream = await sessionEvents(workerLight, sessionId);
      expect(rows[0]).toEqual({ n: stream.length, keys: stream.length });
    });

    await test.step('a verify call returns several events in one response: all of them are kept, in order', async () => {
      const verify = tracesOf(episode, 'tool_end', 'verify')[0]!;
      expect(verify.metadata.events).toBe(4);
      const pairs = tracesOf(episode, 'event').filter((t) => t.metadata.tool === 'verify' && t.metadata.source === 'worker-heavy').map((t) => t.name);
      expect(pairs).toEqual(['simulation_request', 'simulation_result', 'simulation_request', 'simulation_result']);
    });

    await test.step('expected failure: failing tool calls still deliver their events, and the failure reaches the model', async () => {
      const failedValidate = tracesOf(episode, 'tool_end', 'validate')[0]!;
      expect(failedValidate.metadata.ok).toBe(false);
      expect(failedValidate.content).toContain('has no PartMetadata');
      expect(tracesOf(episode, 'event', 'manufacturability_check').map((t) => t.metadata.success)).toEqual([false, true]);
      const run = tracesOf(episode, 'tool_end', 'run_code')[0]!;
      expect(run.metadata.ok).toBe(false);
      expect(JSON.parse(run.content!).exit_code).toBe(3);
      expect(tracesOf(episode, 'event', 'progress_tick').map((t) => t.metadata.i)).toEqual([0, 1, 2]);
      const next = tracesOf(episode, 'llm_start').find((t) => t.id > run.id)!;
      expect(next.content).toContain('"exit_code":3');
    });

    await test.step('the WebSocket delivered new_trace, file_update, heartbeat and the final status_update', async () => {
      const messages = await live;
      const types = new Set(messages.map((m) => m.type));
      expect([...types]).toEqual(expect.arrayContaining(['new_trace', 'file_update', 'heartbeat', 'status_update']));
      expect(messages.at(-1)).toMatchObject({ type: 'status_update', status: 'completed', episode_id: id });
      expect(messages.filter((m) => m.type === 'file_update').map((m) => m.path)).toContain('script.ts');
      const ids = new Set(episode.traces.map((t) => t.id));
      const streamed = messages.filter((m) => m.type === 'new_trace');
      expect(streamed.length).toBeGreaterThan(10);
      for (const m of streamed) expect(ids.has(m.trace.id)).toBe(true);
    });

    await test.step('expected failure: a WebSocket for an unknown episode closes with 4404', async () => {
      const code = await new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl.replace(id, '00000000-0000-4000-8000-000000000000'), { headers: controllerAuth() });
        ws.on('close', (c) => resolve(c));
      });
      expect(code).toBe(4404);
    });

    await test.step('expected failure: an episode ID written urn:uuid:<uuid> is refused at the upgrade (400), and by every /episodes/{id} route', async () => {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl.replace(id, `urn:uuid:${id}`), { headers: controllerAuth() });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
      });
      expect(status).toBe(400);
      for (const [method, url] of [['GET', `/episodes/urn:uuid:${id}`], ['GET', `/episodes/urn:uuid:${id}/assets/script.ts`], ['POST', `/episodes/urn:uuid:${id}/messages`]]) {
        const res = await controller.fetch(url!, { method, data: method === 'POST' ? { message: 'x' } : undefined });
        expect(res.status(), url).toBe(400);
        expect((await res.json()).field, url).toBe('params.id');
      }
    });
  });

  test('INT-026 a real run produces every event family: tool calls, simulation, manufacturability, lint, plan submissions, review', { tag: ['@p0', '@INT-026'] }, async ({
    controller,
    sessionId,
  }) => {
    const id = await test.step('a default-scenario run (planner submits early once) completes', async () => {
      const runId = await startRun(controller, sessionId);
      const e = await waitForEpisode(controller, runId, hasStatus('completed', 'failed'));
      expect(e.status).toBe('completed');
      return runId;
    });
    const episode = await waitForEpisode(controller, id, hasStatus('completed'));
    const names = (t: string) => tracesOf(episode, 'event').filter((e) => e.name === t);

    await test.step('tool invocation events for file, code and benchmark tools', async () => {
      for (const family of ['list_files_tool', 'read_file_tool', 'write_file_tool', 'edit_file_tool', 'run_command_tool', 'validate_tool', 'simulate_tool']) {
        expect(names(family).length, family).toBeGreaterThan(0);
      }
    });

    await test.step('simulation_request/simulation_result pair and a manufacturability_check from the heavy worker', async () => {
      expect(names('simulation_request')[0]!.metadata).toMatchObject({ source: 'worker-heavy', seed: 1, smoke_test_mode: false });
      expect(names('simulation_result')[0]!.metadata).toMatchObject({ source: 'worker-heavy', success: true, failure_reason: null });
      expect(names('manufacturability_check')[0]!.metadata).toMatchObject({ source: 'worker-heavy', success: true });
    });

    await test.step('the handover: submit succeeded on the heavy worker, its event and the episode record it', async () => {
      const submit = tracesOf(episode, 'tool_end', 'submit');
      expect(submit).toHaveLength(1);
      expect(submit[0]!.metadata, submit[0]!.content ?? '').toMatchObject({ ok: true, is_error: false });
      expect(names('submit_tool')[0]!.metadata).toMatchObject({ ok: true, script_path: 'script.ts', source: 'controller' });
      expect(episode.metadata_vars.submission).toMatchObject({ ok: true });
    });

    await test.step('a lint failure, plan submissions and the review decision (taken after the successful submit)', async () => {
      expect(names('lint_failure_code')[0]!.metadata).toMatchObject({ path: 'script.ts', errors: [expect.objectContaining({ line: 10 })] });
      expect(names('plan_submission_accepted')).toHaveLength(1);
      expect(names('review_decision')[0]!.metadata).toMatchObject({ decision: 'approved', source_role: 'reviewer' });
      expect(names('review_decision')[0]!.id).toBeGreaterThan(tracesOf(episode, 'tool_end', 'submit')[0]!.id);
      expect(tracesOf(episode, 'tool_end', 'submit_review')[0]!.metadata.ok).toBe(true);
      expect(episode.plan).toContain('## 5. Risk Assessment');
      expect(episode.todo_list?.every((t) => t.state === 'done')).toBe(true);
    });

    await test.step('expected failure: the early plan submission was rejected naming what was missing', async () => {
      const rejected = names('plan_submission_rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.metadata.problems).toEqual(['plan.md is missing', 'todo.md is missing', 'objectives.yaml is missing']);
      expect(rejected[0]!.id).toBeLessThan(names('plan_submission_accepted')[0]!.id);
    });
  });

  test('INT-026 a refused handover reaches the model and the traces, and the reviewer cannot approve it', { tag: ['@p0', '@INT-026'] }, async ({
    controller,
    sessionId,
  }) => {
    // Scenario INT-026:gate: the coder submits without validating first; the reviewer tries to approve.
    const id = await startRun(controller, `${sessionId}-gate`);
    const episode = await waitForEpisode(controller, id, hasStatus('completed', 'failed'));

    const submit = await test.step("expected failure: the heavy worker's handover gate refuses the submit; the failure is the tool's result", async () => {
      const end = tracesOf(episode, 'tool_end', 'submit');
      expect(end).toHaveLength(1);
      expect(end[0]!.metadata).toMatchObject({ ok: false });
      expect(tracesOf(episode, 'event', 'submit_tool')[0]!.metadata).toMatchObject({ ok: false, source: 'controller' });
      expect(episode.metadata_vars.submission).toMatchObject({ ok: false, message: expect.any(String) });
      // The coder's next turn read exactly what the tool returned.
      const next = tracesOf(episode, 'llm_start', 'coder').find((t) => t.id > end[0]!.id)!;
      expect(next.content).toContain(end[0]!.content);
      return end[0]!;
    });

    await test.step('expected failure: the approval is refused for want of a handover, and no decision is recorded', async () => {
      const review = tracesOf(episode, 'tool_end', 'submit_review')[0]!;
      expect(review.id).toBeGreaterThan(submit.id);
      expect(review.metadata).toMatchObject({ ok: false, is_error: true });
      expect(review.content).toMatch(/^ERROR: cannot approve: the design was not handed over \(the last submit failed: /);
      expect(tracesOf(episode, 'event', 'review_decision')).toEqual([]);
      expect(episode.metadata_vars.review_decision).toBeUndefined();
      const next = tracesOf(episode, 'llm_start', 'reviewer').find((t) => t.id > review.id)!;
      expect(next.content).toContain('cannot approve');
    });
  });

  test('INT-025 NUL characters in worker output are stored escaped; a binary file read is a tool error, not a failed episode', { tag: ['@p0', '@INT-025'] }, async ({
    controller,
    workerLight,
    sessionId,
  }) => {
    // Scenario INT-025:binary: code writes a binary file, prints and emits NUL characters; the coder then reads the file.
    const session = `${sessionId}-binary`;
    const id = await startRun(controller, session);
    const episode = await test.step('the run completes: nothing from the workers fails the episode', async () => {
      const e = await waitForEpisode(controller, id, hasStatus('completed', 'failed'));
      expect(e.status, JSON.stringify(tracesOf(e, 'error'))).toBe('completed');
      return e;
    });

    await test.step("run_code's stdout with a NUL reaches the model intact (JSON-escaped) and is stored", async () => {
      const run = tracesOf(episode, 'tool_end', 'run_code')[0]!;
      expect(run.metadata.ok).toBe(true);
      const stdout = JSON.parse(run.content!).stdout as string;
      expect(stdout.split('\u0000')).toEqual(['out', 'put']);
      const next = tracesOf(episode, 'llm_start').find((t) => t.id > run.id)!;
      expect(next.content).toContain(run.content!);
    });

    await test.step('the emitted event is persisted: its content keeps the NUL (JSON), its metadata shows it escaped', async () => {
      const stream = await sessionEvents(workerLight, session);
      const emitted = stream.find((e) => e.event_type === 'binary_probe')!;
      const event = tracesOf(episode, 'event', 'binary_probe')[0]!;
      expect(JSON.parse(event.content!)).toEqual(emitted);
      expect(event.metadata.label).toBe(String(emitted.label).replaceAll('\u0000', '\\u0000'));
      expect(event.metadata.label).not.toContain('\u0000');
    });

    await test.step('expected failure: read_file on the binary file is a tool error that says so, shown to the model', async () => {
      const read = tracesOf(episode, 'tool_end', 'read_file')[0]!;
      expect(read.metadata).toMatchObject({ ok: false, is_error: true });
      expect(read.content).toBe('ERROR: blob.bin is a binary file (it contains NUL bytes); read_file reads text files only');
      const next = tracesOf(episode, 'llm_start').find((t) => t.id > read.id)!;
      expect(next.content).toContain(read.content);
    });
  });
});
