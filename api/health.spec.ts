import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { expectServiceErrors, test, expect } from '../fixtures/workbench.ts';

test.describe('platform health', () => {
  test('INT-001 the stack boots and every service answers its health contract', { tag: ['@p0', '@INT-001'] }, async ({
    controller,
    workerLight,
    workerHeavy,
    modelServer,
    frontend,
    stack,
    db,
    s3,
    sessionId,
  }) => {
    await test.step('controller /health reports healthy Postgres, S3 and the model in use', async () => {
      const res = await controller.get('/health');
      expect(res.status()).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({
        status: 'healthy',
        service: 'controller',
        postgres: { ok: true },
        s3: { ok: true },
        model: { ok: true, scripted: true },
      });
      expect(body.s3.buckets).toEqual(Object.values(s3.buckets));
    });

    await test.step('workers answer /health healthy with a usable sessions directory; the model server with {status:"healthy"}', async () => {
      for (const [api, service] of [
        [workerLight, 'worker-light'],
        [workerHeavy, 'worker-heavy'],
      ] as const) {
        const res = await api.get('/health');
        expect(res.status(), service).toBe(200);
        expect(await res.json()).toEqual({ status: 'healthy', service, sessions: { ok: true } });
      }
      expect(await (await modelServer.get('/health')).json()).toEqual({ status: 'healthy', service: 'model-server' });
    });

    await test.step('expected failure: health fails for a broken dependency: the model server down, a worker whose sessions directory is not usable', async () => {
      test.skip(stack.mode === 'attach', 'stopping services needs a booted stack');
      expectServiceErrors('controller', /"path":"\/health".*"status":503/);
      expectServiceErrors('worker-light', /"path":"\/health".*"status":503/);
      await stack.stopService('model-server');
      try {
        const res = await controller.get('/health');
        expect(res.status()).toBe(503);
        expect(await res.json()).toMatchObject({ status: 'unhealthy', model: { ok: false, detail: expect.stringContaining('does not answer') } });
      } finally {
        await stack.startService('model-server');
      }
      // A file where the sessions directory should be: nothing can be created under it.
      // Its health never turns 2xx, so the start fails with the worker's own 503 answer.
      await stack.stopService('worker-light');
      try {
        await expect(stack.startService('worker-light', { env: { SESSIONS_DIR: '/dev/null/sessions' } })).rejects.toThrow(
          /was not healthy at .*\/health .*HTTP 503: .*"status":"unhealthy".*the sessions directory is not usable: ENOTDIR/,
        );
      } finally {
        await stack.startService('worker-light');
      }
      expect((await controller.get('/health')).status()).toBe(200);
      expect((await workerLight.get('/health')).status()).toBe(200);
    });

    await test.step('expected failure: the controller\'s own dependencies failing under it — S3 answering errors, Postgres refusing connections, Postgres stalled — turn its health 503 naming each; restored, healthy again', async () => {
      test.skip(stack.mode === 'attach', 'fault injection needs a booted stack');
      expectServiceErrors('controller', /"path":"\/health".*"status":503/);
      const health = async () => {
        const res = await controller.get('/health');
        return { status: res.status(), body: await res.json() };
      };
      await stack.fault('s3', 'error');
      expect(await health()).toMatchObject({ status: 503, body: { status: 'unhealthy', postgres: { ok: true }, s3: { ok: false, detail: expect.any(String) } } });
      await stack.restore('s3');
      await stack.fault('postgres', 'refuse');
      expect(await health()).toMatchObject({ status: 503, body: { status: 'unhealthy', s3: { ok: true }, postgres: { ok: false, detail: expect.stringMatching(/ECONNREFUSED|Connection terminated/) } } });
      await stack.restore('postgres');
      await stack.fault('postgres', 'stall');
      expect(await health()).toMatchObject({ status: 503, body: { postgres: { ok: false, detail: 'Postgres did not answer within 2000 ms' } } });
      await stack.restore('postgres');
      await expect.poll(async () => (await health()).status).toBe(200);
      // The test still reaches Postgres directly: only the services' paths were faulted.
      expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });

    await test.step('the frontend serves the built app, configured for this worker\'s controller', async () => {
      const page = await frontend.get('/');
      expect(page.status()).toBe(200);
      expect(await page.text()).toContain('<div id="root"></div>');
      expect(await (await frontend.get('/config.json')).json()).toEqual({ controllerUrl: stack.urls.controller, apiKey: expect.any(String) });
    });

    await test.step('every service publishes an OpenAPI 3 document that lists /health', async () => {
      for (const api of [controller, workerLight, workerHeavy, modelServer]) {
        const doc = await (await api.get('/openapi.json')).json();
        expect(doc.openapi).toMatch(/^3\./);
        expect(Object.keys(doc.paths)).toContain('/health');
      }
    });

    await test.step('Postgres answers a query and the controller\'s migrations are applied', async () => {
      const { rows } = await db.query<{ now: Date }>('SELECT now() AS now');
      expect(rows[0]!.now).toBeInstanceOf(Date);
      const tables = await db.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['assets', 'episodes', 'pgmigrations', 'traces']));
    });

    await test.step('S3 stores and returns an object byte for byte in the controller\'s bucket', async () => {
      const Bucket = s3.buckets.artifacts!;
      const Key = `${sessionId}/probe.bin`;
      const body = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
      await s3.client.send(new PutObjectCommand({ Bucket, Key, Body: body }));
      const got = await s3.client.send(new GetObjectCommand({ Bucket, Key }));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
    });

    await test.step('expected failure: an unknown route is a JSON 404 naming the route, on every service', async () => {
      for (const api of [controller, workerLight, workerHeavy, modelServer]) {
        const res = await api.get('/no-such-route');
        expect(res.status()).toBe(404);
        expect(await res.json()).toEqual({ error: 'not_found', message: 'Route GET /no-such-route not found' });
      }
    });
  });
});
