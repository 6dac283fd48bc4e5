import fs from 'node:fs';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { test, expect } from '../fixtures/workbench.ts';
import { startRun, waitForStatus } from '../fixtures/workbench/controller.ts';
import { sessionHeaders } from './support/session.ts';

type Line = Record<string, any>;
const lines = (file: string): Line[] =>
  fs.readFileSync(file, 'utf8').split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l)];
    } catch {
      return [];
    }
  });
const requests = (file: string) => lines(file).filter((l) => l.msg === 'request');

test.describe('correlation', () => {
  test('INT-058 INT-059 one run is followed by its trace ID across controller logs, traces, the DBOS workflow, worker and model logs and S3 object metadata; every request of the run carries it as a W3C traceparent', { tag: ['@p1', '@INT-058', '@INT-059'] }, async ({
    controller,
    workerLight,
    stack,
    db,
    s3,
    sessionId,
  }) => {
    const id = await startRun(controller, sessionId);
    const episode = await waitForStatus(controller, id, ['completed']);
    const traceId = id.replace(/-/g, '');

    await test.step('INT-059: every trace of the run carries the run-level trace ID', async () => {
      expect(episode.traces.length).toBeGreaterThan(10);
      for (const t of episode.traces) expect(t.metadata.trace_id, `${t.trace_type} ${t.name}`).toBe(traceId);
    });

    await test.step('INT-059: every request the run made to the workers and the model arrived with a traceparent of that trace, each its own span', async () => {
      for (const service of ['worker-light', 'worker-heavy', 'model-server']) {
        const ofRun = requests(stack.logFiles[service]!).filter((l) => l.session_id === sessionId && l.path !== '/health');
        expect(ofRun.length, service).toBeGreaterThan(0);
        for (const l of ofRun) {
          expect(l.trace_id, `${service} ${l.method} ${l.url}`).toBe(traceId);
          expect(l.parent_span_id).toMatch(/^[0-9a-f]{16}$/);
        }
        expect(new Set(ofRun.map((l) => l.parent_span_id)).size, `${service}: one span per request`).toBe(ofRun.length);
      }
    });

    await test.step('INT-058: the controller\'s own lines for the run name it: the run request and every read of the episode', async () => {
      const mine = requests(stack.logFiles.controller!).filter((l) => l.trace_id === traceId);
      expect(mine.find((l) => l.path === '/agent/run')).toMatchObject({ method: 'POST', status: 202 });
      const reads = requests(stack.logFiles.controller!).filter((l) => l.episode_id === id);
      expect(reads.length).toBeGreaterThan(0);
      for (const l of reads) expect(l.trace_id).toBe(traceId);
    });

    await test.step("INT-058: the DBOS workflow record is the run's: its ID is the episode's, whose hex digits are the trace ID", async () => {
      const { rows } = await db.query('SELECT workflow_uuid, status FROM dbos.workflow_status WHERE workflow_uuid = $1', [episode.workflow_id]);
      expect(rows).toEqual([{ workflow_uuid: id, status: 'SUCCESS' }]);
      expect((rows[0].workflow_uuid as string).replace(/-/g, '')).toBe(traceId);
    });

    await test.step("INT-058: each stored object's S3 metadata names the episode, the session and the trace", async () => {
      expect(episode.assets.length).toBeGreaterThan(3);
      for (const asset of episode.assets) {
        const head = await s3.client.send(new HeadObjectCommand({ Bucket: asset.bucket, Key: asset.key }));
        expect(head.Metadata, asset.key).toMatchObject({ 'episode-id': id, 'session-id': sessionId, 'trace-id': traceId });
      }
    });

    await test.step('expected failure: a malformed traceparent is ignored (the request is served, logged without a trace); a valid foreign one is logged as given, not replaced', async () => {
      const send = (header: string) => workerLight.post('/fs/ls', { headers: { ...sessionHeaders(sessionId), traceparent: header }, data: { path: '/' } });
      const foreign = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      expect((await send('00-not-a-trace-01')).status()).toBe(200);
      expect((await send(foreign)).status()).toBe(200);
      await expect
        .poll(() => requests(stack.logFiles['worker-light']!).filter((l) => l.session_id === sessionId).slice(-2).map((l) => l.trace_id ?? null))
        .toEqual([null, '4bf92f3577b34da6a3ce929d0e0e4736']);
    });
  });
});
