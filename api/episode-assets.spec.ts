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

  test('INT-040 a full run\'s final script, renders, scene and video are stored in S3 and linked from its asset rows', { tag: ['@p1', '@INT-040'] }, async ({ controller, workerLight, db, s3, sessionId }) => {
    // Scenario INT-040 = INT-166's full-mode ramp run: a full simulation writes renders and a video.
    const id = await startRun(controller, sessionId, 'Design a slow ramp');
    const e = await waitForEpisode(controller, id, hasStatus('completed', 'failed'), 90_000);
    expect(e.status).toBe('completed');
    const expected: [string, string, string][] = [
      ['script.ts', 'script', 'text/plain'],
      ['script.glb', 'model', 'model/gltf-binary'],
      ['renders/front.png', 'image', 'image/png'],
      ['renders/side.png', 'image', 'image/png'],
      ['renders/top.png', 'image', 'image/png'],
      ['renders/iso.png', 'image', 'image/png'],
      ['renders/simulation.mp4', 'video', 'video/mp4'],
    ];
    for (const [path, type, contentType] of expected) {
      await test.step(`${path}: an asset row of type ${type} → its S3 object (${contentType}), byte for byte the workspace file`, async () => {
        const { rows } = await db.query('SELECT asset_type, s3_bucket, s3_key, etag, size_bytes FROM assets WHERE episode_id = $1 AND path = $2', [id, path]);
        expect(rows).toHaveLength(1);
        const row = rows[0]!;
        expect(row).toMatchObject({ asset_type: type, s3_bucket: s3.buckets.artifacts, s3_key: `${id}/${path}` });
        const object = await s3.client.send(new GetObjectCommand({ Bucket: row.s3_bucket, Key: row.s3_key }));
        expect(object.ETag).toBe(row.etag);
        expect(object.ContentType).toBe(contentType);
        const stored = Buffer.from(await object.Body!.transformToByteArray());
        const res = await workerLight.post('/fs/read_blob', { headers: sessionHeaders(sessionId), data: { path } });
        expect(res.status()).toBe(200);
        expect(stored.equals(await res.body())).toBe(true);
        expect(Number(row.size_bytes)).toBe(stored.length);
      });
    }
    await test.step('expected failure: a file the run never wrote has no row and no object', async () => {
      expect((await db.query('SELECT 1 FROM assets WHERE episode_id = $1 AND path = $2', [id, 'renders/nothing.png'])).rowCount).toBe(0);
      await expect(s3.client.send(new HeadObjectCommand({ Bucket: s3.buckets.artifacts, Key: `${id}/renders/nothing.png` }))).rejects.toMatchObject({ name: 'NotFound' });
    });
  });
});
