import SwaggerParser from '@apidevtools/swagger-parser';
import { test, expect } from '../fixtures/workbench.ts';
import { getEpisode, hasStatus, startRun, tracesOf, waitForEpisode } from '../fixtures/workbench/controller.ts';
import { matcher, type Doc } from './support/openapi.ts';
import { putScene, SCRIPTS } from './support/heavy-scenes.ts';
import { sessionHeaders } from './support/session.ts';

test.describe('live responses match the published OpenAPI documents', () => {
  test('INT-028 every controller route publishes valid OpenAPI and its live responses match it', { tag: ['@p0', '@INT-028'] }, async ({
    controller,
    modelServer,
    sessionId,
  }) => {
    const doc = await test.step('GET /openapi.json is public and validates as OpenAPI 3', async () => {
      const res = await controller.get('/openapi.json');
      expect(res.status()).toBe(200);
      const raw = await res.json();
      await SwaggerParser.validate(structuredClone(raw));
      return (await SwaggerParser.dereference(structuredClone(raw))) as unknown as Doc;
    });
    const { check, checked } = matcher(doc);
    const UNKNOWN = '00000000-0000-4000-8000-000000000000';

    const id = await test.step('run routes: /agent/run, /health, /episodes, /episodes/{id} match their documented 2xx schemas', async () => {
      await check('get', '/health', await controller.get('/health'));
      const run = await controller.post('/agent/run', { data: { task: 'Write a script', session_id: sessionId } });
      await check('post', '/agent/run', run);
      const episodeId = (await run.json()).episode_id as string;
      await waitForEpisode(controller, episodeId, hasStatus('completed', 'failed'));
      await check('get', '/episodes', await controller.get('/episodes?limit=5&offset=0'));
      await check('get', '/episodes/{id}', await controller.get(`/episodes/${episodeId}`));
      return episodeId;
    });

    await test.step('message, review, feedback, assets and interrupt routes match', async () => {
      await check('post', '/episodes/{id}/messages', await controller.post(`/episodes/${id}/messages`, { data: { message: 'see @script.ts:1-2' } }));
      await check('post', '/episodes/{id}/review', await controller.post(`/episodes/${id}/review`, { data: { review_content: '---\ndecision: approved\n---\nGood.' } }));
      const e = await waitForEpisode(controller, id, hasStatus('completed', 'failed'));
      const tid = tracesOf(e, 'llm_end')[0]!.id;
      await check('post', '/episodes/{id}/traces/{tid}/feedback', await controller.post(`/episodes/${id}/traces/${tid}/feedback`, { data: { score: 1 } }));
      const asset = await controller.get(`/episodes/${id}/assets/script.ts`);
      expect(asset.status()).toBe(200);
      expect(Object.keys(doc.paths['/episodes/{id}/assets/{*}']!.get!.responses['200']!.content!)).toEqual(['*/*']);
      checked.add('get /episodes/{id}/assets/{*}');
      await check('post', '/episodes/{id}/assets/{*}', await controller.post(`/episodes/${id}/assets/script.ts`, { data: {} }));
      await check('post', '/episodes/{id}/interrupt', await controller.post(`/episodes/${id}/interrupt`));
    });

    await test.step('benchmark routes: generate stops at planned; confirm resumes it to completion', async () => {
      const gen = await controller.post('/benchmark/generate', { data: { prompt: 'A ball drop benchmark', max_cost: 50, session_id: `${sessionId}-bench` } });
      await check('post', '/benchmark/generate', gen);
      const benchId = (await gen.json()).episode_id as string;
      const planned = await waitForEpisode(controller, benchId, hasStatus('planned', 'failed'));
      expect(planned).toMatchObject({ status: 'planned', metadata_vars: { detailed_status: 'planned', max_cost: 50 } });
      expect(tracesOf(planned, 'llm_start', 'coder')).toEqual([]);
      await check('post', '/benchmark/{id}/confirm', await controller.post(`/benchmark/${sessionId}-bench/confirm`, { data: { comment: 'go ahead' } }));
      const done = await waitForEpisode(controller, benchId, hasStatus('completed', 'failed'));
      expect(done.status).toBe('completed');
      expect(tracesOf(done, 'log', 'plan_confirmation')[0]!.content).toBe('go ahead');
      // The comment is for the coder: its first model input carries it.
      expect(tracesOf(done, 'llm_start', 'coder')[0]!.content).toContain('go ahead');
    });

    await test.step('confirm without a body (the comment is optional, and documented so) → 202, and the run resumes', async () => {
      const confirmOp = doc.paths['/benchmark/{id}/confirm']!.post as unknown as { requestBody: { required: boolean } };
      expect(confirmOp.requestBody.required).toBe(false);
      const gen = await controller.post('/benchmark/generate', { data: { prompt: 'Another drop', session_id: `${sessionId}-bare` } });
      const benchId = (await gen.json()).episode_id as string;
      await waitForEpisode(controller, benchId, hasStatus('planned', 'failed'));
      await check('post', '/benchmark/{id}/confirm', await controller.post(`/benchmark/${benchId}/confirm`));
      const done = await waitForEpisode(controller, benchId, hasStatus('completed', 'failed'));
      expect(done.status).toBe('completed');
      expect(tracesOf(done, 'log', 'plan_confirmation')[0]!.content).toBeNull();
    });

    await test.step('lifecycle, batch and callback routes match (callbacks: a forged token is the documented 401)', async () => {
      await check('get', '/episodes/{id}/workflow', await controller.get(`/episodes/${id}/workflow`));
      await check('get', '/episodes/{id}/workflow', await controller.get(`/episodes/${UNKNOWN}/workflow`));
      const batch = await controller.post('/agent/batch', { data: { runs: [{ task: 'Write a script', session_id: `${sessionId}-batch` }] } });
      await check('post', '/agent/batch', batch);
      const { batch_id, episodes } = await batch.json();
      await waitForEpisode(controller, episodes[0].episode_id, hasStatus('completed', 'failed'));
      await check('get', '/agent/batch/{batch_id}', await controller.get(`/agent/batch/${batch_id}`));
      await check('get', '/agent/batch/{batch_id}', await controller.get(`/agent/batch/${UNKNOWN}`));
      await check('post', '/agent/batch', await controller.post('/agent/batch', { data: { runs: [] } }));
      const forged = await controller.post(`/workflows/${id}/callbacks/t`, { headers: { 'x-callback-token': 'x' }, data: {} });
      expect(forged.status()).toBe(401);
      await check('post', '/workflows/{workflow_id}/callbacks/{topic}', forged);
    });

    await test.step('the WebSocket route answers a plain GET (no upgrade) with its documented 426', async () => {
      const res = await controller.get(`/episodes/${id}/ws`);
      expect(res.status()).toBe(426);
      await check('get', '/episodes/{id}/ws', res);
    });

    await test.step('expected failure: 400, 401, 404, 409 and 422 answers match the documented error schema', async () => {
      await check('post', '/agent/run', await controller.post('/agent/run', { data: { task: '' } }));
      await check('post', '/agent/run', await controller.post('/agent/run', { data: { task: 'x', session_id: sessionId } }));
      await check('get', '/episodes', await controller.get('/episodes?limit=0'));
      await check('get', '/episodes/{id}', await controller.get(`/episodes/${UNKNOWN}`));
      await check('post', '/episodes/{id}/interrupt', await controller.post(`/episodes/${id}/interrupt`));
      await check('post', '/episodes/{id}/messages', await controller.post(`/episodes/${id}/messages`, { data: { message: 'see @script.ts:9-1' } }));
      await check('post', '/episodes/{id}/review', await controller.post(`/episodes/${id}/review`, { data: { review_content: 'no frontmatter' } }));
      await check('post', '/benchmark/{id}/confirm', await controller.post(`/benchmark/${id}/confirm`, { data: {} }));
      await check('post', '/benchmark/{id}/confirm', await controller.post(`/benchmark/${UNKNOWN}/confirm`, { data: {} }));
      // A NUL character is a user's mistake wherever it is: 400 naming the field, never a 500.
      for (const [route, url, data, field] of [
        ['/benchmark/generate', '/benchmark/generate', { prompt: 'a\u0000b' }, 'body.prompt'],
        ['/episodes/{id}/review', `/episodes/${id}/review`, { review_content: '---\ndecision: approved\n---\n\u0000' }, 'body.review_content'],
        ['/benchmark/{id}/confirm', `/benchmark/${UNKNOWN}/confirm`, { comment: '\u0000' }, 'body.comment'],
        ['/benchmark/{id}/confirm', '/benchmark/bench%00x/confirm', {}, 'params.id'],
      ] as const) {
        const res = await controller.post(url, { data });
        expect(res.status(), url).toBe(400);
        expect((await res.json()).field, url).toBe(field);
        await check('post', route, res);
      }
      const malformed = await controller.post('/agent/run', { headers: { 'content-type': 'application/json' }, data: '{"task":' });
      expect(malformed.status()).toBe(400);
      await check('post', '/agent/run', malformed);
    });

    await test.step('COTS routes (read-only catalog): GET answers and errors match; every mutation answers its documented 405', async () => {
      await check('get', '/cots/catalog', await controller.get('/cots/catalog'));
      await check('get', '/cots/search', await controller.get('/cots/search?q=stepper&category=motor&max_price=20'));
      await check('get', '/cots/search', await controller.get('/cots/search?q=stepper&max_price=1'));
      await check('get', '/cots/search', await controller.get('/cots/search?max_price=cheap'));
      await check('get', '/cots/parts', await controller.get('/cots/parts?ids=BRG-608-2RS,NOT-A-PART'));
      await check('get', '/cots/parts', await controller.get('/cots/parts?ids=,'));
      await check('get', '/cots/parts/{part_id}', await controller.get('/cots/parts/BRG-608-2RS'));
      await check('get', '/cots/parts/{part_id}', await controller.get('/cots/parts/NOT-A-PART'));
      for (const [route, url] of [
        ['/cots/search', '/cots/search'],
        ['/cots/catalog', '/cots/catalog'],
        ['/cots/parts', '/cots/parts'],
        ['/cots/parts/{part_id}', '/cots/parts/BRG-608-2RS'],
      ] as const) {
        for (const method of ['post', 'put', 'patch', 'delete'] as const) {
          const res = await controller[method](url, { data: { price: 0 } });
          expect(res.status(), `${method} ${url}`).toBe(405);
          await check(method, route, res);
        }
      }
    });

    await test.step('every documented controller operation was exercised', async () => {
      const documented = Object.entries(doc.paths).flatMap(([route, ops]) => Object.keys(ops).map((m) => `${m} ${route}`));
      const skip = new Set(['get /openapi.json', 'put /episodes/{id}/assets/{*}', 'patch /episodes/{id}/assets/{*}', 'delete /episodes/{id}/assets/{*}']);
      expect(documented.filter((op) => !skip.has(op) && !checked.has(op))).toEqual([]);
    });

    await test.step('the model server: valid OpenAPI; /v1/models and both completion modes answer the OpenAI format', async () => {
      const raw = await (await modelServer.get('/openapi.json')).json();
      await SwaggerParser.validate(structuredClone(raw));
      const msDoc = (await SwaggerParser.dereference(structuredClone(raw))) as unknown as Doc;
      const ms = matcher(msDoc);
      await ms.check('get', '/v1/models', await modelServer.get('/v1/models'));
      const body = { model: 'workbench-scripted', user: sessionId, messages: [{ role: 'system', content: 'role: planner' }, { role: 'user', content: 'hi' }] };
      const plain = await modelServer.post('/v1/chat/completions', { data: body });
      await ms.check('post', '/v1/chat/completions', plain);
      const streamed = await modelServer.post('/v1/chat/completions', { data: { ...body, stream: true } });
      expect(streamed.headers()['content-type']).toContain('text/event-stream');
      const chunks = (await streamed.text()).split('\n\n').filter(Boolean);
      expect(chunks.at(-1)).toBe('data: [DONE]');
      const parsed = chunks.slice(0, -1).map((c) => JSON.parse(c.replace(/^data: /, '')));
      expect(parsed.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
      expect(parsed.map((c) => c.choices[0].delta.content ?? '').join('')).toBe((await plain.json()).choices[0].message.content);
      await ms.check('post', '/v1/chat/completions', await modelServer.post('/v1/chat/completions', { data: { ...body, messages: [{ role: 'user', content: 'no role' }] } }));
    });

    await test.step('the episode read back is in a final state after all of it (the follow-up may finish before the interrupt)', async () => {
      const e = await getEpisode(controller, id);
      expect(['completed', 'cancelled']).toContain(e.status);
    });
  });

  test('INT-028 both workers\' live responses match their published OpenAPI schemas, errors included', { tag: ['@p0', '@INT-028'] }, async ({
    workerLight,
    workerHeavy,
    sessionId,
  }) => {
    const headers = sessionHeaders(sessionId);
    const load = async (api: typeof workerLight) => {
      const raw = await (await api.get('/openapi.json')).json();
      await SwaggerParser.validate(structuredClone(raw));
      return matcher((await SwaggerParser.dereference(structuredClone(raw))) as unknown as Doc);
    };

    await test.step('light worker: health, every fs route, execute, assets, and their 4xx answers', async () => {
      const { check } = await load(workerLight);
      await check('get', '/health', await workerLight.get('/health'));
      await check('post', '/fs/write', await workerLight.post('/fs/write', { headers, data: { path: 'notes/a.txt', content: 'alpha\nbeta\n' } }));
      await check('post', '/fs/read', await workerLight.post('/fs/read', { headers, data: { path: 'notes/a.txt' } }));
      await check('post', '/fs/exists', await workerLight.post('/fs/exists', { headers, data: { path: 'notes/a.txt' } }));
      await check('post', '/fs/ls', await workerLight.post('/fs/ls', { headers, data: { path: 'notes' } }));
      await check('post', '/fs/edit', await workerLight.post('/fs/edit', { headers, data: { path: 'notes/a.txt', old_string: 'beta', new_string: 'gamma' } }));
      await check('post', '/fs/grep', await workerLight.post('/fs/grep', { headers, data: { pattern: 'gamma' } }));
      await check('post', '/runtime/execute', await workerLight.post('/runtime/execute', { headers, data: { code: 'console.log(1)' } }));
      await check('get', '/assets/{*}', await workerLight.get('/assets/notes/a.txt', { headers }));
      await check('post', '/fs/delete', await workerLight.post('/fs/delete', { headers, data: { path: 'notes/a.txt' } }));
      // expected failures
      await check('post', '/fs/read', await workerLight.post('/fs/read', { headers, data: { path: 'notes/a.txt' } }));
      await check('post', '/fs/read', await workerLight.post('/fs/read', { headers, data: { path: '../outside' } }));
      await check('post', '/fs/read', await workerLight.post('/fs/read', { data: { path: 'x' } }));
      await check('post', '/fs/write', await workerLight.post('/fs/write', { headers, data: { path: 'utils/x.txt', content: 'x' } }));
      await check('post', '/runtime/execute', await workerLight.post('/runtime/execute', { headers, data: { code: 1 } }));
    });

    await test.step('heavy worker: health, validate, simulate, verify, submit, and their 4xx answers', async () => {
      const { check } = await load(workerHeavy);
      await putScene(workerLight, sessionId, SCRIPTS.floor, { start: [0.35, 0.35, 0.3] });
      await check('get', '/health', await workerHeavy.get('/health'));
      await check('post', '/benchmark/validate', await workerHeavy.post('/benchmark/validate', { headers, data: {} }));
      await check('post', '/benchmark/simulate', await workerHeavy.post('/benchmark/simulate', { headers, data: {} }));
      await check('post', '/benchmark/verify', await workerHeavy.post('/benchmark/verify', { headers, data: { num_scenes: 2 } }));
      await check('post', '/benchmark/submit', await workerHeavy.post('/benchmark/submit', { headers, data: {} }));
      // expected failures
      await check('post', '/benchmark/simulate', await workerHeavy.post('/benchmark/simulate', { data: {} }));
      await check('post', '/benchmark/verify', await workerHeavy.post('/benchmark/verify', { headers, data: { num_scenes: 'many' } }));
    });
  });
});
