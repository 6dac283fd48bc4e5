import http from 'node:http';
import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';

/** A GET whose path is sent byte for byte (Playwright's client would normalize `%2e%2e`). */
function rawGet(baseUrl: string, rawPath: string, sessionId: string): Promise<{ status: number; body: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: url.hostname, port: url.port, path: rawPath, headers: { 'x-session-id': sessionId } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
  });
}

test.describe('assets', () => {
  test('INT-061 GET /assets/{path} serves session files with their MIME type and checks model sources', { tag: ['@p0', '@INT-061'] }, async ({
    workerLight,
    sessionId,
    stack,
  }) => {
    const h = sessionHeaders(sessionId);
    const upload = async (p: string, buffer: Buffer) => {
      const res = await workerLight.post('/fs/upload', { headers: h, multipart: { path: p, file: { name: 'f', mimeType: 'application/octet-stream', buffer } } });
      expect(res.status(), p).toBe(200);
    };
    const glb = Buffer.concat([Buffer.from('glTF'), Buffer.from([2, 0, 0, 0, 20, 0, 0, 0]), Buffer.alloc(8)]);

    await test.step('binary assets come back byte for byte with the contract\'s MIME types', async () => {
      const files: [string, Buffer, string][] = [
        ['model.glb', glb, 'model/gltf-binary'],
        ['parts/bracket.stl', Buffer.from('solid bracket\nendsolid bracket\n'), 'model/stl'],
        ['renders/front.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'],
        ['renders/side.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
        ['renders/run.mp4', Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]), 'video/mp4'],
      ];
      await workerLight.post('/fs/write', { headers: h, data: { path: 'model.ts', content: 'export default () => [{ name: "base" }];\n' } });
      for (const [p, bytes, type] of files) {
        await upload(p, bytes);
        const res = await workerLight.get(`/assets/${p}`, { headers: h });
        expect(res.status(), p).toBe(200);
        expect(res.headers()['content-type'], p).toBe(type);
        expect((await res.body()).equals(bytes), p).toBe(true);
      }
    });

    await test.step('source files are served as text', async () => {
      await workerLight.post('/fs/write', { headers: h, data: { path: 'script.mjs', content: 'export default () => [];\n' } });
      for (const [p, type] of [
        ['model.ts', /^text\/x-typescript/],
        ['script.mjs', /^text\/javascript/],
        ['utils/README.md', /^text\/markdown/],
        ['config/workbench.yaml', /^text\/yaml/],
      ] as const) {
        const res = await workerLight.get(`/assets/${p}`, { headers: h });
        expect(res.status(), p).toBe(200);
        expect(res.headers()['content-type'], p).toMatch(type);
      }
      expect(await (await workerLight.get('/assets/model.ts', { headers: h })).text()).toContain('export default');
    });

    await test.step('expected failure: a model whose source script has a syntax error → 422 naming the file', async () => {
      await workerLight.post('/fs/write', { headers: h, data: { path: 'model.ts', content: 'export default () => [{ name: "base" ;\n', overwrite: true } });
      const res = await workerLight.get('/assets/model.glb', { headers: h });
      expect(res.status()).toBe(422);
      expect(await res.json()).toEqual({ error: 'source_syntax_error', message: 'Source code model.ts has syntax errors.', field: 'path' });
    });

    await test.step('expected failure: without a same-name source, the default script.ts is checked', async () => {
      await workerLight.post('/fs/write', { headers: h, data: { path: 'script.ts', content: 'const x: number = ;' } });
      const res = await workerLight.get('/assets/parts/bracket.stl', { headers: h });
      expect(res.status()).toBe(422);
      expect((await res.json()).message).toBe('Source code script.ts has syntax errors.');
      await workerLight.post('/fs/write', { headers: h, data: { path: 'script.ts', content: 'const x: number = 1; export default x;', overwrite: true } });
      expect((await workerLight.get('/assets/parts/bracket.stl', { headers: h })).status()).toBe(200);
    });

    await test.step('expected failure: another session cannot get these assets; a missing asset → 404', async () => {
      const other = await workerLight.get('/assets/renders/front.png', { headers: sessionHeaders(`${sessionId}-other`) });
      expect(other.status()).toBe(404);
      const missing = await workerLight.get('/assets/renders/none.png', { headers: h });
      expect(missing.status()).toBe(404);
      expect(await missing.json()).toMatchObject({ error: 'not_found' });
      const noHeader = await workerLight.get('/assets/renders/front.png');
      expect(noHeader.status()).toBe(400);
    });

    await test.step('expected failure: encoded traversal in the URL → 400/403, never a file outside', async () => {
      const base = stack.urls['worker-light']!;
      for (const [rawPath, status, error] of [
        ['/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd', 403, 'path_outside_session'],
        ['/assets/..%2f..%2f..%2fetc%2fpasswd', 400, 'encoded_separator'],
        ['/assets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd', 400, 'encoded_separator'],
        ['/assets/../../etc/passwd', 403, 'path_outside_session'],
        ['/assets/model.glb%00.png', 400, 'encoded_separator'],
        ['/assets/..%5c..%5cetc%5cpasswd', 400, 'encoded_separator'],
        [`/assets/%2e%2e/${sessionId}-other/x`, 403, 'path_outside_session'],
      ] as const) {
        const res = await rawGet(base, rawPath, sessionId);
        expect(res.status, rawPath).toBe(status);
        expect(JSON.parse(res.body), rawPath).toMatchObject({ error });
        expect(res.body).not.toContain('root:');
      }
    });
  });
});
