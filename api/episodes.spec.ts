import { test, expect } from '../fixtures/workbench.ts';
import { getEpisode, hasStatus, startRun, tracesOf, waitForEpisode } from '../fixtures/workbench/controller.ts';
import { sessionHeaders } from './support/session.ts';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

test.describe('episodes: feedback, selections and mentions', () => {
  test('INT-060 trace feedback persists score and comment; error statuses are documented', { tag: ['@p1', '@INT-060'] }, async ({ controller, db, sessionId }) => {
    const id = await startRun(controller, sessionId);
    const episode = await waitForEpisode(controller, id, hasStatus('completed', 'failed'));
    const trace = tracesOf(episode, 'llm_end').at(-1)!;

    await test.step('thumbs up with a comment → 202, visible on the episode and in Postgres', async () => {
      const res = await controller.post(`/episodes/${id}/traces/${trace.id}/feedback`, { data: { score: 1, comment: 'clear answer' } });
      expect(res.status()).toBe(202);
      expect(await res.json()).toEqual({ status: 'accepted', trace_id: trace.id, feedback_score: 1, feedback_comment: 'clear answer' });
      const e = await getEpisode(controller, id);
      expect(e.traces.find((t) => t.id === trace.id)).toMatchObject({ feedback_score: 1, feedback_comment: 'clear answer' });
      const { rows } = await db.query('SELECT feedback_score, feedback_comment, feedback_at FROM traces WHERE id = $1', [trace.id]);
      expect(rows[0]).toMatchObject({ feedback_score: 1, feedback_comment: 'clear answer' });
      expect(rows[0].feedback_at).toBeInstanceOf(Date);
    });

    await test.step('thumbs down replaces it; no comment clears the comment', async () => {
      const res = await controller.post(`/episodes/${id}/traces/${trace.id}/feedback`, { data: { score: 0 } });
      expect(res.status()).toBe(202);
      const e = await getEpisode(controller, id);
      expect(e.traces.find((t) => t.id === trace.id)).toMatchObject({ feedback_score: 0, feedback_comment: null });
    });

    await test.step('expected failure: score 2 or a missing score → 400 naming body.score; unknown or foreign trace/episode → 404', async () => {
      for (const data of [{ score: 2 }, { comment: 'x' }, { score: '1' }]) {
        const res = await controller.post(`/episodes/${id}/traces/${trace.id}/feedback`, { data });
        expect(res.status(), JSON.stringify(data)).toBe(400);
        expect((await res.json()).field).toMatch(/^body\.score/);
      }
      const unknownTrace = await controller.post(`/episodes/${id}/traces/999999999999999999/feedback`, { data: { score: 1 } });
      expect(unknownTrace.status()).toBe(404);
      // The ID is named as sent, not rounded through a float.
      expect(await unknownTrace.json()).toMatchObject({ field: 'params.tid', message: expect.stringContaining('trace 999999999999999999 ') });
      const nul = await controller.post(`/episodes/${id}/traces/${trace.id}/feedback`, { data: { score: 1, comment: 'bad\u0000' } });
      expect(nul.status()).toBe(400);
      expect(await nul.json()).toMatchObject({ field: 'body.comment', message: expect.stringContaining('NUL') });
      const foreign = await controller.post(`/episodes/${UNKNOWN}/traces/${trace.id}/feedback`, { data: { score: 1 } });
      expect(foreign.status()).toBe(404);
      const { rows } = await db.query('SELECT feedback_score FROM traces WHERE id = $1', [trace.id]);
      expect(rows[0].feedback_score).toBe(0);
    });

    await test.step('the OpenAPI document lists 202, 400, 401 and 404 for the feedback route', async () => {
      const doc = await (await controller.get('/openapi.json')).json();
      const op = doc.paths['/episodes/{id}/traces/{tid}/feedback'].post;
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['202', '400', '401', '404']));
    });
  });

  test('INT-067 selections and @-mentions survive from the API into run traces', { tag: ['@p1', '@INT-067'] }, async ({ controller, db, sessionId }) => {
    const id = await startRun(controller, sessionId);
    await waitForEpisode(controller, id, hasStatus('completed', 'failed'));
    const selections = [
      { kind: 'part', path: 'script.glb', name: 'floor' },
      { kind: 'face', path: 'script.glb', name: 'floor', face_index: 3 },
      { kind: 'edge', path: 'script.glb', name: 'floor', edge_index: 7 },
      { kind: 'vertex', path: 'script.glb', name: 'floor', vertex_index: 1 },
      { kind: 'subassembly', path: 'script.glb', name: 'base' },
      { kind: 'code', path: 'script.ts', start_line: 4, end_line: 6 },
    ];

    const accepted = await test.step('POST /episodes/{id}/messages with selections and a mention → 202', async () => {
      const res = await controller.post(`/episodes/${id}/messages`, {
        data: { message: 'Make @script.ts:1-2 stiffer', selections, mentions: [{ path: 'script.ts', start: 4, end: 6 }] },
      });
      expect(res.status()).toBe(202);
      return res.json();
    });

    await test.step('the user_message trace keeps every selection and both mentions as sent', async () => {
      const e = await waitForEpisode(controller, id, (ep) => ep.status === 'completed' && tracesOf(ep, 'llm_end', 'followup').length > 0);
      const msg = e.traces.find((t) => t.id === accepted.trace_id)!;
      expect(msg).toMatchObject({ trace_type: 'log', name: 'user_message', content: 'Make @script.ts:1-2 stiffer' });
      expect(msg.metadata.selections).toEqual(selections);
      expect(msg.metadata.mentions.map((m: { path: string; start: number; end: number }) => `${m.path}:${m.start}-${m.end}`)).toEqual(['script.ts:4-6', 'script.ts:1-2']);
      const { rows } = await db.query(`SELECT metadata->'selections' AS s FROM traces WHERE id = $1`, [accepted.trace_id]);
      expect(rows[0].s).toEqual(selections);
    });

    await test.step("the follow-up model turn received them: the agent's context names each selection", async () => {
      const e = await getEpisode(controller, id);
      const start = tracesOf(e, 'llm_start', 'followup')[0]!;
      for (const line of ['- part "floor" in script.glb', '- face "floor" face #3 in script.glb', '- edge "floor" edge #7 in script.glb', '- vertex "floor" vertex #1 in script.glb', '- subassembly "base" in script.glb', '- code lines 4-6 in script.ts']) {
        expect(start.content).toContain(line);
      }
      expect(start.content).toContain('@script.ts:1-2');
    });

    await test.step('expected failure: an unknown selection kind or a selection without path → 400 naming the field', async () => {
      const kind = await controller.post(`/episodes/${id}/messages`, { data: { message: 'x', selections: [{ kind: 'body', path: 'a' }] } });
      expect(kind.status()).toBe(400);
      expect((await kind.json()).field).toBe('body.selections.0.kind');
      const path = await controller.post(`/episodes/${id}/messages`, { data: { message: 'x', selections: [{ kind: 'part' }] } });
      expect(path.status()).toBe(400);
      expect((await path.json()).field).toBe('body.selections.0.path');
      const unknown = await controller.post(`/episodes/${UNKNOWN}/messages`, { data: { message: 'x' } });
      expect(unknown.status()).toBe(404);
    });
  });

  test('INT-067 every accepted message reaches the agent once: concurrent messages to a running and to a completed episode', { tag: ['@p1', '@INT-067'] }, async ({
    controller,
    workerLight,
    db,
    sessionId,
  }) => {
    // Scenario INT-067:busy: the coder's job waits for go.txt, so the episode is running for as long as the test needs.
    const session = `${sessionId}-busy`;
    const id = await startRun(controller, session);
    const send = (texts: string[]) =>
      Promise.all(
        texts.map(async (message) => {
          const res = await controller.post(`/episodes/${id}/messages`, { data: { message } });
          expect(res.status(), message).toBe(202);
        }),
      );
    // Each message appears in exactly one model input (llm_start), verbatim.
    const inputsHolding = (e: Awaited<ReturnType<typeof getEpisode>>, text: string) => tracesOf(e, 'llm_start').filter((t) => t.content?.includes(text));
    const nonce = () => Math.random().toString(36).slice(2, 10);

    const whileRunning = [`running-a-${nonce()}`, `running-b-${nonce()}`, `running-c-${nonce()}`];
    await test.step('three messages at once while the coder waits on its job → 202 each', async () => {
      await waitForEpisode(controller, id, (e) => tracesOf(e, 'tool_start', 'run_code').length === 1, 30_000);
      await send(whileRunning);
      expect((await getEpisode(controller, id)).status).toBe('running');
    });

    await test.step("the job finishes: each message is in the agent's next input exactly once, and the run completes", async () => {
      const go = await workerLight.post('/fs/write', { headers: sessionHeaders(session), data: { path: 'go.txt', content: 'go' } });
      expect(go.status()).toBe(200);
      const e = await waitForEpisode(controller, id, hasStatus('completed', 'failed'));
      expect(e.status).toBe('completed');
      for (const text of whileRunning) expect(inputsHolding(e, text), text).toHaveLength(1);
    });

    const afterwards = [`done-a-${nonce()}`, `done-b-${nonce()}`, `done-c-${nonce()}`];
    await test.step('three messages at once to the completed episode → 202 each; all reach the follow-up, none twice', async () => {
      await send(afterwards);
      const e = await waitForEpisode(controller, id, (ep) => ep.status !== 'running' && afterwards.every((t) => inputsHolding(ep, t).length > 0));
      expect(e.status).toBe('completed');
      for (const text of afterwards) {
        const inputs = inputsHolding(e, text);
        expect(inputs, text).toHaveLength(1);
        expect(inputs[0]!.name).toBe('followup');
      }
    });

    await test.step('Postgres agrees: every message row was taken by a workflow of this episode', async () => {
      const { rows } = await db.query('SELECT count(*)::int AS n, count(consumed_by)::int AS taken FROM episode_messages WHERE episode_id = $1', [id]);
      expect(rows[0]).toEqual({ n: 6, taken: 6 });
    });

    await test.step('expected failure: a message to an unknown episode → 404, with a NUL → 400; neither is queued', async () => {
      const unknown = await controller.post(`/episodes/${UNKNOWN}/messages`, { data: { message: 'x' } });
      expect(unknown.status()).toBe(404);
      const nul = await controller.post(`/episodes/${id}/messages`, { data: { message: 'a\u0000b' } });
      expect(nul.status()).toBe(400);
      expect((await nul.json()).field).toBe('body.message');
      const { rows } = await db.query('SELECT count(*)::int AS n FROM episode_messages WHERE episode_id = $1', [id]);
      expect(rows[0].n).toBe(6);
    });
  });

  test('INT-028 GET /episodes lists newest first and pages by limit and offset', { tag: ['@p0', '@INT-028'] }, async ({ controller, sessionId }) => {
    const list = async (query: string) => {
      const res = await controller.get(`/episodes?${query}`);
      expect(res.status(), query).toBe(200);
      return res.json() as Promise<{ items: { id: string; created_at: string }[]; total: number; limit: number; offset: number }>;
    };
    const ids = await test.step('three runs, started one after another', async () => {
      const started: string[] = [];
      for (let i = 0; i < 3; i++) started.push(await startRun(controller, sessionId, `run ${i}`));
      return started;
    });

    await test.step('the newest is first: the three appear in reverse start order, with created_at not increasing', async () => {
      const all = await list('limit=200');
      const positions = ids.map((x) => all.items.findIndex((e) => e.id === x));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => b - a)).toEqual(positions);
      const times = all.items.map((e) => Date.parse(e.created_at));
      for (let i = 1; i < times.length; i++) expect(times[i]!).toBeLessThanOrEqual(times[i - 1]!);
      expect(all.total).toBeGreaterThanOrEqual(3);
    });

    await test.step('pages of two, walked with offset, are the full list in order: no gap, no repeat', async () => {
      const all = await list('limit=200');
      const walked: string[] = [];
      for (let offset = 0; offset < all.total; offset += 2) {
        const page = await list(`limit=2&offset=${offset}`);
        expect(page).toMatchObject({ limit: 2, offset, total: all.total });
        expect(page.items.length).toBe(Math.min(2, all.total - offset));
        walked.push(...page.items.map((e) => e.id));
      }
      expect(walked).toEqual(all.items.map((e) => e.id));
      expect((await list(`offset=${all.total}`)).items).toEqual([]);
    });

    await test.step('expected failure: limit 0 or 201, a negative offset, an unknown parameter → 400 naming the parameter', async () => {
      for (const [query, field] of [['limit=0', 'querystring.limit'], ['limit=201', 'querystring.limit'], ['offset=-1', 'querystring.offset']] as const) {
        const res = await controller.get(`/episodes?${query}`);
        expect(res.status(), query).toBe(400);
        expect((await res.json()).field, query).toBe(field);
      }
      const extra = await controller.get('/episodes?foo=1');
      expect(extra.status()).toBe(400);
    });
  });

  test('INT-068 @path:start-end resolves to the exact lines in the agent context; invalid ranges give an explicit error', { tag: ['@p1', '@INT-068'] }, async ({
    controller,
    workerLight,
    sessionId,
  }) => {
    const id = await startRun(controller, sessionId);
    await waitForEpisode(controller, id, hasStatus('completed', 'failed'));
    const file: string = (await (await workerLight.post('/fs/read', { headers: sessionHeaders(sessionId), data: { path: 'script.ts' } })).json()).content;
    const lines = file.split('\n');
    const expected = lines.slice(2, 5).join('\n');

    await test.step('a message with @script.ts:3-5 → 202 returning exactly lines 3..5', async () => {
      const res = await controller.post(`/episodes/${id}/messages`, { data: { message: 'Why is @script.ts:3-5 like this?' } });
      expect(res.status()).toBe(202);
      const body = await res.json();
      expect(body.mentions).toEqual([{ path: 'script.ts', start: 3, end: 5, content: expected }]);
    });

    await test.step("the follow-up turn's input holds those lines verbatim under the mention label", async () => {
      const e = await waitForEpisode(controller, id, (ep) => ep.status === 'completed' && tracesOf(ep, 'llm_end', 'followup').length > 0);
      const start = tracesOf(e, 'llm_start', 'followup')[0]!;
      expect(start.content).toContain(`@script.ts:3-5\n\`\`\`\n${expected}\n\`\`\``);
      expect(start.content).not.toContain(lines[5]!);
    });

    await test.step('expected failure: reversed, zero-based, past-the-end ranges and a missing file → 422 naming the range', async () => {
      const n = lines.at(-1) === '' ? lines.length - 1 : lines.length;
      const cases: [unknown, string, string][] = [
        [{ message: 'see @script.ts:5-2' }, '@script.ts:5-2', 'body.message'],
        [{ message: `see @script.ts:2-${n + 1}` }, `@script.ts:2-${n + 1}: script.ts has only ${n} lines`, 'body.message'],
        [{ message: 'x', mentions: [{ path: 'script.ts', start: 0, end: 2 }] }, '@script.ts:0-2', 'body.mentions.0'],
        [{ message: 'see @nope.ts:1-2' }, '@nope.ts:1-2: nope.ts does not exist', 'body.message'],
        [{ message: 'see @blob.bin:1-1' }, '@blob.bin:1-1: blob.bin is a binary file (it contains NUL bytes)', 'body.message'],
        [{ message: 'x', mentions: [{ path: 'nul.txt', start: 1, end: 1 }] }, '@nul.txt:1-1: nul.txt is a binary file', 'body.mentions.0'],
      ];
      // Files the agent did not write: bytes with NULs, and a text file holding one.
      for (const [path, bytes] of [['blob.bin', [0x67, 0x6c, 0x54, 0x46, 0x02, 0x00, 0x00, 0x00]], ['nul.txt', [...Buffer.from('text\n'), 0x00, 0x0a]]] as const) {
        const up = await workerLight.post('/fs/upload', {
          headers: sessionHeaders(sessionId),
          multipart: { path, file: { name: path, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) } },
        });
        expect(up.status(), path).toBeLessThan(300);
      }
      for (const [data, message, field] of cases) {
        const res = await controller.post(`/episodes/${id}/messages`, { data });
        expect(res.status(), message).toBe(422);
        const body = await res.json();
        expect(body.message).toContain(message);
        expect(body.field).toBe(field);
      }
      const nul = await controller.post(`/episodes/${id}/messages`, { data: { message: 'hi\u0000' } });
      expect(nul.status()).toBe(400);
      expect(await nul.json()).toMatchObject({ error: 'validation_failed', field: 'body.message' });
      const e = await getEpisode(controller, id);
      expect(tracesOf(e, 'log', 'user_message')).toHaveLength(1);
    });
  });
});
