import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type pg from 'pg';
import type { S3Fixture } from '../fixtures/harness/stack.ts';
import { expectServiceErrors, test, expect } from '../fixtures/workbench.ts';
import { sessionIdFor } from '../fixtures/harness/session-id.ts';
import { hasStatus, startRun, tracesOf, waitForEpisode, type Episode } from '../fixtures/workbench/controller.ts';

test.describe('artifact upload faults', () => {
  test.skip(({ stack }) => stack.mode === 'attach', 'fault injection needs a booted stack');

  /** The bucket and the asset rows agree: every row's object exists with its etag, every object under the episode has its row. */
  async function expectBucketAndRowsAgree(db: pg.Pool, s3: S3Fixture, id: string) {
    const { rows } = await db.query('SELECT s3_key, etag FROM assets WHERE episode_id = $1 ORDER BY s3_key', [id]);
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.buckets.artifacts, Prefix: `${id}/` }));
    const objects = (listed.Contents ?? []).map((o) => ({ s3_key: o.Key, etag: o.ETag })).sort((a, b) => a.s3_key!.localeCompare(b.s3_key!));
    expect(objects).toEqual(rows);
    return rows.length;
  }

  test('INT-056 an object store failing during the artifact upload is retried with a bounded backoff; failing on, the episode ends failed with what is stored and what is not, bucket and rows agreeing', { tag: ['@p0', '@INT-056'] }, async ({
    controller,
    stack,
    db,
    s3,
    sessionId,
  }) => {
    test.slow(); // two full runs and a persistent failure's retries
    expectServiceErrors('controller', /artifact upload failed|fault injection|503/);

    await test.step('S3 answers errors when the run reaches its upload: each failed put is retried after a growing, bounded pause; restored, the run completes with every file stored', async () => {
      await stack.fault('s3', 'error');
      const id = await startRun(controller, sessionId);
      const retrying = await waitForEpisode(controller, id, (e) => tracesOf(e, 'log', 'asset_upload_retry').length >= 2 || hasStatus('completed', 'failed', 'cancelled')(e));
      expect(retrying.status).toBe('running');
      await stack.restore('s3');
      const done = await waitForEpisode(controller, id, hasStatus('completed', 'failed'));
      expect(done.status).toBe('completed');
      const retries = tracesOf(done, 'log', 'asset_upload_retry').map((t) => t.metadata);
      expect(retries[0]).toMatchObject({ attempt: 1, backoff_s: 0.5, path: expect.any(String), error: expect.any(String) });
      expect(retries[1]).toMatchObject({ attempt: 2, backoff_s: 1, path: retries[0]!.path });
      for (const r of retries) expect(r.backoff_s).toBeLessThanOrEqual(2);
      expect(tracesOf(done, 'error', 'assets_upload_failed')).toHaveLength(0);
      const stored = await expectBucketAndRowsAgree(db, s3, id);
      expect(stored).toBe(done.assets.length);
      expect(done.assets.map((a) => a.path)).toEqual(expect.arrayContaining(['script.ts', 'objectives.yaml', 'plan.md']));
    });

    const failed: Episode = await test.step('expected failure: S3 failing for good → the episode ends failed (never completed) with the reason and an assets_upload_failed event listing stored and missing files', async () => {
      await stack.fault('s3', 'error');
      const id = await startRun(controller, sessionIdFor(test.info()));
      const e = await waitForEpisode(controller, id, hasStatus('completed', 'failed', 'cancelled'), 90_000);
      expect(e.status).toBe('failed');
      expect(String(e.metadata_vars.error)).toMatch(/artifact upload failed after 4 attempts/);
      const [event] = tracesOf(e, 'error', 'assets_upload_failed');
      expect(event?.metadata).toMatchObject({ attempts: 4, stored: [], missing: expect.arrayContaining(['script.ts', 'plan.md']) });
      expect(tracesOf(e, 'log', 'asset_upload_retry').filter((t) => t.metadata.path === event!.metadata.missing[0])).toHaveLength(3);
      expect(tracesOf(e, 'error', 'episode_failed')).toHaveLength(1);
      expect(tracesOf(e, 'log', 'assets_uploaded')).toHaveLength(0);
      return e;
    });

    await test.step('the failed episode is consistent and queryable: no row without its object, no object without its row; its last transition is running → failed with the reason', async () => {
      await stack.restore('s3');
      expect(await expectBucketAndRowsAgree(db, s3, failed.id)).toBe(failed.assets.length);
      const life = await (await controller.get(`/episodes/${failed.id}/workflow`)).json();
      expect(life.transitions.at(-1)).toMatchObject({ from_status: 'running', to_status: 'failed', reason: expect.stringContaining('artifact upload failed') });
    });
  });
});
