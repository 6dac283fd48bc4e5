import fs from 'node:fs';
import WebSocket from 'ws';
import { controllerApiKey, test, expect } from '../fixtures/workbench.ts';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

test.describe('controller API key', () => {
  test('INT-029 protected endpoints reject a missing or wrong API key and accept a valid one', { tag: ['@p0', '@INT-029'] }, async ({
    api,
    controller,
    stack,
    sessionId,
  }) => {
    const anonymous = api('controller');
    // Each protected route, and what it answers with a valid key: its own status, not just "not 401".
    const protectedCalls: [string, string, unknown, number][] = [
      ['GET', '/episodes', undefined, 200],
      ['GET', `/episodes/${UNKNOWN}`, undefined, 404],
      ['GET', `/episodes/${UNKNOWN}/workflow`, undefined, 404],
      ['POST', '/agent/run', { task: 't', session_id: sessionId }, 202],
      ['POST', '/benchmark/generate', { prompt: 'p' }, 202],
      ['POST', `/benchmark/${UNKNOWN}/confirm`, {}, 404],
      ['POST', `/episodes/${UNKNOWN}/messages`, { message: 'm' }, 404],
      ['POST', `/episodes/${UNKNOWN}/interrupt`, undefined, 404],
      ['POST', `/episodes/${UNKNOWN}/review`, { review_content: '---\ndecision: approved\n---\n' }, 404],
      ['POST', `/episodes/${UNKNOWN}/traces/1/feedback`, { score: 1 }, 404],
      ['GET', `/episodes/${UNKNOWN}/assets/script.ts`, undefined, 404],
    ];

    await test.step('expected failure: every protected route without X-API-Key → 401 naming the header', async () => {
      for (const [method, url, data] of protectedCalls) {
        const res = await anonymous.fetch(url, { method, data });
        expect(res.status(), `${method} ${url}`).toBe(401);
        expect(await res.json()).toMatchObject({ error: 'unauthorized', field: 'headers.x-api-key' });
      }
    });

    await test.step('expected failure: a wrong key → 401, and nothing was created', async () => {
      for (const [method, url, data] of protectedCalls) {
        const res = await anonymous.fetch(url, { method, data, headers: { 'x-api-key': 'wrong-key' } });
        expect(res.status(), `${method} ${url}`).toBe(401);
        expect((await res.json()).message).toBe('X-API-Key is not valid');
      }
      const list = await (await controller.get('/episodes')).json();
      expect(list.items.filter((e: { session_id: string }) => e.session_id === sessionId)).toEqual([]);
    });

    await test.step('expected failure: the WebSocket upgrade without a key is refused with 401', async () => {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${stack.urls.controller!.replace(/^http/, 'ws')}/episodes/${UNKNOWN}/ws`);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
      });
      expect(status).toBe(401);
    });

    await test.step('a valid key (header, or ?api_key= for browsers) is accepted: the same routes answer their own status', async () => {
      for (const [method, url, data, status] of protectedCalls) {
        const res = await controller.fetch(url, { method, data });
        expect(res.status(), `${method} ${url}`).toBe(status);
      }
      const byQuery = await anonymous.get(`/episodes?api_key=${controllerApiKey()}`);
      expect(byQuery.status()).toBe(200);
    });

    await test.step("a key given as ?api_key= is redacted in the controller's request log", async () => {
      const log = stack.logFiles.controller!;
      const from = fs.statSync(log).size;
      const marker = `marker${Date.now()}`;
      const res = await anonymous.get(`/episodes?limit=1&api_key=${controllerApiKey()}&offset=0`, { headers: { 'x-session-id': marker } });
      expect(res.status()).toBe(200);
      const lines = async () => fs.readFileSync(log).subarray(from).toString('utf8').split('\n').filter((l) => l.includes(marker));
      await expect.poll(async () => (await lines()).length).toBe(1);
      const line = JSON.parse((await lines())[0]!);
      expect(line).toMatchObject({ path: '/episodes', status: 200, url: '/episodes?limit=1&api_key=[redacted]&offset=0' });
      expect(fs.readFileSync(log).subarray(from).toString('utf8')).not.toContain(controllerApiKey());
    });

    await test.step('health and the OpenAPI document stay public; the document declares the apiKey scheme', async () => {
      expect((await controller.get('/health')).status()).toBe(200);
      const doc = await (await controller.get('/openapi.json')).json();
      expect(doc.components.securitySchemes.apiKey).toEqual({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
      expect(doc.paths['/episodes'].get.security).toEqual([{ apiKey: [] }]);
      expect(doc.paths['/health'].get.security).toBeUndefined();
    });
  });
});
