import { test, expect } from '../fixtures/index.ts';
import { apiKey, getEpisode, hasStatus, startRun, tracesOf, waitForEpisode } from './support/controller.ts';
import { sessionHeaders } from './support/session.ts';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

test.describe('episodes: feedback, selections and mentions', () => {
  test('INT-060 trace feedback persists score and comment; error statuses are documented', { tag: ['@p1', '@INT-060'] }, async ({ controller, db, sessionId }) => {
    const id = await startRun(controller, sessionId);
    const episode = await waitForEpisode(controller, id, hasStatus('completed', 'failed'));
    const trace = tracesOf(episode, 'llm_end').at(-1)!;

    await test.step('thumbs up with a comment → 202, visible on the episode and in Postgres', async () => {
      const res = await controller.post(`/episodes/${id}/traces/${trace.id}/feedback`, { headers: apiKey, data: { score: 1, comment: 'clear answer' } });
      expect(res.status()).toBe(202);
      expect(await res.json()).toEqual({ status: 'accepted', trace_id: trace.id, feedback_score: 1, feedback_comment: 'clear answer' });
      const e = await getEpisode(controller, id);
      expect(e.traces.find((t) => t.id === trace.id)).toMatchObject({ feedback_score: 1, feedback_comment: 'clear answer' });
      const { rows } = await db.query('SELECT feedback_score, feedback_comment, feedback_at FROM traces WHERE id = $1', [trace.id]);
      expect(rows[0]).toMatchObject({ feedback_score: 1, feedback_comment: 'clear answer' });
      expect(rows[0].feedback_at).toBeInstanceOf(Date);
    });

    await test.step('thumbs down replaces it; no comment clears the comment', async () => {
      const res = await controller.post(`/episodes/${id}/traces/${trace.id}/feedback`, { headers: apiKey, data: { score: 0 } });
      expect(res.status()).toBe(202);
      const e = await getEpisode(controller, id);
      expect(e.traces.find((t) => t.id === trace.id)).toMatchObject({ feedback_score: 0, feedback_comment: null });
    });

    await test.step('expected failure: score 2 or a missing score → 400 naming body.score; unknown or foreign trace/episode → 404', async () => {
      for (const data of [{ score: 2 }, { comment: 'x' }, { score: '1' }]) {
        const res = await controller.post(`/episodes/${id}/traces/${trace.id}/feedback`, { headers: apiKey, data });
        expect(res.status(), JSON.stringify(data)).toBe(400);
        expect((await res.json()).field).toMatch(/^body\.score/);
      }
      const unknownTrace = await controller.post(`/episodes/${id}/traces/999999999/feedback`, { headers: apiKey, data: { score: 1 } });
      expect(unknownTrace.status()).toBe(404);
      expect((await unknownTrace.json()).field).toBe('params.tid');
      const foreign = await controller.post(`/episodes/${UNKNOWN}/traces/${trace.id}/feedback`, { headers: apiKey, data: { score: 1 } });
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
        headers: apiKey,
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
      const kind = await controller.post(`/episodes/${id}/messages`, { headers: apiKey, data: { message: 'x', selections: [{ kind: 'body', path: 'a' }] } });
      expect(kind.status()).toBe(400);
      expect((await kind.json()).field).toBe('body.selections.0.kind');
      const path = await controller.post(`/episodes/${id}/messages`, { headers: apiKey, data: { message: 'x', selections: [{ kind: 'part' }] } });
      expect(path.status()).toBe(400);
      expect((await path.json()).field).toBe('body.selections.0.path');
      const unknown = await controller.post(`/episodes/${UNKNOWN}/messages`, { headers: apiKey, data: { message: 'x' } });
      expect(unknown.status()).toBe(404);
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
      const res = await controller.post(`/episodes/${id}/messages`, { headers: apiKey, data: { message: 'Why is @script.ts:3-5 like this?' } });
      expect(res.status()).toBe(202);
      const body = await res.json();
      expect(body.mentions).toEqual([{ path: 'script.ts', start: 3, end: 5, content: expected }]);
    });

    await test.step("the follow-up turn's input holds those lines verbatim under the mention label", async () => {
      const e = await waitForEpisode(controller, id, (ep) => ep.status === 'completed' && tracesOf(ep, 'llm_end', 'followup').length > 0);
      const start = tracesOf(e, 'llm_start', 'followup')[0]!;
      expect(start.content).toContain(`@script.ts:3-5\n\`\`\`\n${expected}\n\`\`\``);
      expect(start.content).not.toContain(lines[5]!);
      expect(tracesOf(e, 'llm_end', 'followup')[0]!.content).toBe('Thanks, I have the selected lines.');
    });

    await test.step('expected failure: reversed, zero-based, past-the-end ranges and a missing file → 422 naming the range', async () => {
      const n = lines.at(-1) === '' ? lines.length - 1 : lines.length;
      const cases: [unknown, string, string][] = [
        [{ message: 'see @script.ts:5-2' }, '@script.ts:5-2', 'body.message'],
        [{ message: `see @script.ts:2-${n + 1}` }, `@script.ts:2-${n + 1}: script.ts has only ${n} lines`, 'body.message'],
        [{ message: 'x', mentions: [{ path: 'script.ts', start: 0, end: 2 }] }, '@script.ts:0-2', 'body.mentions.0'],
        [{ message: 'see @nope.ts:1-2' }, '@nope.ts:1-2: nope.ts does not exist', 'body.message'],
      ];
      for (const [data, message, field] of cases) {
        const res = await controller.post(`/episodes/${id}/messages`, { headers: apiKey, data });
        expect(res.status(), message).toBe(422);
        const body = await res.json();
        expect(body.message).toContain(message);
        expect(body.field).toBe(field);
      }
      const e = await getEpisode(controller, id);
      expect(tracesOf(e, 'log', 'user_message')).toHaveLength(1);
    });
  });
});
