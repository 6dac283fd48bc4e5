import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { traceIdOf } from '../../shared/src/trace-context.ts';
import type { WorkerClient } from './workers.ts';

export async function ensureBuckets(client: S3Client, buckets: string[]): Promise<void> {
  for (const Bucket of buckets) {
    try {
      await client.send(new HeadBucketCommand({ Bucket }));
    } catch {
      await client.send(new CreateBucketCommand({ Bucket }));
    }
  }
}

/** Seeded, read-only folders: the worker's content, not the agent's work. */
const SKIPPED_TOP = new Set(['utils', 'skills', 'reviews', 'config', 'node_modules', '.git']);
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export function assetType(path: string): string {
  const ext = path.toLowerCase().split('.').pop() ?? '';
  if (['ts', 'mts', 'js', 'mjs', 'py'].includes(ext)) return 'script';
  if (['glb', 'gltf', 'stl', 'step', 'stp'].includes(ext)) return 'model';
  if (['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg'].includes(ext)) return 'image';
  if (['mp4', 'webm'].includes(ext)) return 'video';
  if (['json', 'jsonl'].includes(ext)) return 'json';
  if (['yaml', 'yml'].includes(ext)) return 'yaml';
  if (ext === 'md') return 'markdown';
  return 'other';
}

const CONTENT_TYPES: Record<string, string> = {
  glb: 'model/gltf-binary', stl: 'model/stl', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', mp4: 'video/mp4',
  json: 'application/json', jsonl: 'application/x-ndjson', yaml: 'application/yaml', yml: 'application/yaml', md: 'text/markdown',
  ts: 'text/plain', mjs: 'text/javascript', js: 'text/javascript', txt: 'text/plain',
};

interface Entry {
  path: string;
  is_dir: boolean;
  size: number;
}

/** Every file of the session (depth-first through the light worker), minus the seeded folders. */
export async function listSessionFiles(light: WorkerClient, sessionId: string): Promise<Entry[]> {
  const files: Entry[] = [];
  const pending = ['/'];
  while (pending.length) {
    const dir = pending.pop()!;
    const { entries } = await light.post<{ entries: Entry[] }>('/fs/ls', sessionId, { path: dir });
    for (const e of entries) {
      const top = e.path.replace(/^\/+/, '').split('/')[0]!;
      if (SKIPPED_TOP.has(top)) continue;
      if (e.is_dir) pending.push(e.path);
      else if (e.size <= MAX_UPLOAD_BYTES) files.push(e);
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

export interface Uploaded {
  path: string;
  bucket: string;
  key: string;
  etag: string | null;
  size: number;
  type: string;
}

/** Attempts per object, and the backoff before each retry (s): bounded, 0.5 + 1 + 2 s at most. */
export const UPLOAD_ATTEMPTS = 4;
export const uploadBackoffS = (retry: number) => Math.min(0.5 * 2 ** (retry - 1), 2);

export interface UploadRetry {
  path: string;
  attempt: number;
  error: string;
  backoff_s: number;
}

/** The upload stopped at a file whose every attempt failed: what is stored, what is not. */
export class UploadError extends Error {
  constructor(
    readonly stored: string[],
    readonly missing: string[],
    readonly reason: string,
  ) {
    super(`artifact upload failed after ${UPLOAD_ATTEMPTS} attempts at ${missing[0]}: ${reason}; ${stored.length} of ${stored.length + missing.length} files stored`);
  }
}

/**
 * Uploads each workspace file to `<bucket>/<episode id>/<path>`, one at a time, and hands each
 * stored object to `onStored` (which writes its row) before the next: a row never names a
 * missing object, and an object is never left without its row. A failed put is retried with a
 * bounded backoff (`onRetry` hears of each); when every attempt fails, UploadError says what
 * is stored and what is not.
 */
export async function uploadWorkspace(
  s3: S3Client,
  light: WorkerClient,
  sessionId: string,
  bucket: string,
  episodeId: string,
  hooks: { onStored(u: Uploaded): Promise<void>; onRetry?(r: UploadRetry): Promise<void> },
): Promise<Uploaded[]> {
  const files = await listSessionFiles(light, sessionId);
  const out: Uploaded[] = [];
  for (const [index, file] of files.entries()) {
    const rel = file.path.replace(/^\/+/, '');
    const body = await light.postBytes('/fs/read_blob', sessionId, { path: file.path });
    const key = `${episodeId}/${rel}`;
    const ext = rel.toLowerCase().split('.').pop() ?? '';
    // The object names its run: S3 metadata (x-amz-meta-*) follows the episode, session and trace.
    const Metadata = { 'episode-id': episodeId, 'session-id': sessionId, 'trace-id': traceIdOf(episodeId), path: encodeURI(rel) };
    const put = () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: CONTENT_TYPES[ext] ?? 'application/octet-stream', ContentLength: body.length, Metadata }));
    let res: Awaited<ReturnType<typeof put>> | undefined;
    for (let attempt = 1; !res; attempt++) {
      try {
        res = await put();
      } catch (error) {
        const message = (error as Error).message || (error as Error).name;
        if (attempt >= UPLOAD_ATTEMPTS) {
          throw new UploadError(out.map((u) => u.path), files.slice(index).map((f) => f.path.replace(/^\/+/, '')), message);
        }
        const backoff_s = uploadBackoffS(attempt);
        await hooks.onRetry?.({ path: rel, attempt, error: message, backoff_s });
        await new Promise((resolve) => setTimeout(resolve, backoff_s * 1000));
      }
    }
    const uploaded = { path: rel, bucket, key, etag: res.ETag ?? null, size: body.length, type: assetType(rel) };
    await hooks.onStored(uploaded);
    out.push(uploaded);
  }
  return out;
}
