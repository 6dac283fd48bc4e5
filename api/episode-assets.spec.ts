import fs from 'node:fs';
import http from 'node:http';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { controllerAuth, test, expect } from '../fixtures/workbench.ts';
import { hasStatus, startRun, waitForEpisode } from '../fixtures/workbench/controller.ts';
import { sessionHeaders } from './support/session.ts';

/** A GET with the path sent byte for byte: URL parsers (Playwright's too) would resolve `..` and `%2e%2e` first. */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const req = http.request({ hostname, port, path, method: 'GET', headers: controllerAuth() }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test.describe('episode assets', () => {
  test('INT-055 each upload persists bucket, key and etag linked to the episode asset rows', { tag: ['@p0', '@INT-055'] }, async ({
    controller,
    workerLight,
    db,
    s3,
    stack,
    sessionId,
  }) => {
    const id = await startRun(controller, sessionId);
    const episode = await test.step('the run completes and lists its uploaded workspace files as assets', async () => {
      const e = await waitForEpisode(controller, id, hasStatus('completed', 'failed'));
      expect(e.status).toBe('completed');
      expect(e.assets.map((a) => a.path)).toEqual(
        expect.arrayContaining(['script.ts', 'objectives.yaml', 'plan.md', 'simulation_result.json', 'script.glb', 'events.jsonl']),
      );
      expect(e.assets.find((a) => a.path === 'script.glb')).toMatchObject({ asset_type: 'model' });
      expect(e.assets.find((a) => a.path === 'script.ts')).toMatchObject({ asset_type: 'script' });
      return e;
    });

    await test.step('asset rows in Postgres carry the bucket, the key <episode>/<path> and the etag', async () => {
      const { rows } = await db.query('SELECT s3_bucket, s3_key, etag, path FROM assets WHERE episode_id = $1 ORDER BY s3_key', [id]);
      expect(rows.length).toBe(episode.assets.length);
      for (const row of rows) {
        expect(row.s3_bucket).toBe(s3.buckets.artifacts);
        expect(row.s3_key).toBe(`${id}/${row.path}`);
        expect(row.etag).toMatch(/^"[0-9a-f]{32}"$/);
      }
    });

    await test.step('each object exists in S3 with that etag, and its bytes equal the workspace file', async () => {
      for (const asset of episode.assets) {
        const head = await s3.client.send(new HeadObjectCommand({ Bucket: asset.bucket, Key: asset.key }));
        expect(head.ETag, asset.key).toBe(asset.etag);
        expect(asset.s3_path).toBe(`s3://${asset.bucket}/${asset.key}`);
      }
      for (const path of ['script.ts', 'script.glb']) {
        const asset = episode.assets.find((a) => a.path === path)!;
        const obj = await s3.client.send(new GetObjectCommand({ Bucket: asset.bucket, Key: asset.key }));
        const stored = Buffer.from(await obj.Body!.transformToByteArray());
        const res = await workerLight.post('/fs/read_blob', { headers: sessionHeaders(sessionId), data: { path } });
        expect(stored.equals(await res.body()), path).toBe(true);
      }
    });

    await test.step('the seeded read-only folders are not uploaded', async () => {
      expect(episode.assets.filter((a) => /^(utils|skills|reviews|config)\//.test(a.path ?? ''))).toEqual([]);
    });

    await test.step('the GLB is served through the GET-only asset proxy with its MIME type', async () => {
      const res = await controller.get(`/episodes/${id}/assets/script.glb`);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toContain('model/gltf-binary');
      expect((await res.body()).subarray(0, 4).toString()).toBe('glTF');
    });

    await test.step('expected failure: the proxy refuses other methods (405), missing files (404) and escapes (400/403)', async () => {
      const post = await controller.post(`/episodes/${id}/assets/script.glb`, { data: {} });
      expect(post.status()).toBe(405);
      expect(post.headers()['allow']).toBe('GET');
      const missing = await controller.get(`/episodes/${id}/assets/nope.glb`);
      expect(missing.status()).toBe(404);
      // The worker's own path checks apply to the proxied path: an encoded separator is refused.
      const escape = await controller.get(`/episodes/${id}/assets/..%2F..%2Fetc%2Fpasswd`);
      expect(escape.status()).toBe(400);
    });

    await test.step('expected failure: dot segments, raw or percent-encoded, → 400 from the proxy; no other worker route is reached', async () => {
      const lightLog = stack.logFiles['worker-light']!;
      const before = fs.statSync(lightLog).size;
      for (const rest of ['../health', '%2e%2e/openapi.json', '.%2E/.%2e/etc/passwd', 'sub/../../health', './script.ts', '%2E/script.ts', '..']) {
        const res = await rawGet(stack.urls.controller!, `/episodes/${id}/assets/${rest}`);
        expect(res.status, rest).toBe(400);
        expect(JSON.parse(res.body), rest).toMatchObject({ error: 'invalid_path', field: 'params.*' });
      }
      // The same file by a clean path is still served.
      expect((await rawGet(stack.urls.controller!, `/episodes/${id}/assets/script.ts`)).status).toBe(200);
      const workerPaths = () =>
        fs.readFileSync(lightLog).subarray(before).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
          .filter((l) => l.session_id === sessionId && l.path).map((l) => l.path as string);
      // The worker logs a request after answering it: wait for the clean request's line, then
      // nothing but it may be there.
      await expect.poll(workerPaths).toContain('/assets/*');
      expect(workerPaths()).toEqual(['/assets/*']);
    });
  });
});
