import fs from 'node:fs';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createS3Client } from '../../services/shared/src/s3.ts';
import { requireContainerRuntime } from './container-runtime.ts';
import { externalServers } from './select.ts';
import type { ResourceProvider, ResourceTypes, Started } from './types.ts';

type S3Endpoint = ResourceTypes['s3']['server'];

/** A real S3 API (s3rver) in this process, storing objects under `dir`. */
async function startEmbeddedS3(dir: string, port: number): Promise<Started<S3Endpoint>> {
  const { default: S3rver } = await import('s3rver');
  fs.mkdirSync(dir, { recursive: true });
  const server = new S3rver({ port, address: '127.0.0.1', directory: dir, silent: true });
  await server.run();
  return {
    endpoint: {
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    },
    pids: [],
    stop: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** MinIO, pinned: the Docker Hub image is gone, quay.io carries the releases. */
export const MINIO_IMAGE = 'quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z';

async function startContainerS3(): Promise<Started<S3Endpoint>> {
  await requireContainerRuntime();
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(MINIO_IMAGE)
    .withCommand(['server', '/data'])
    .withEnvironment({ MINIO_ROOT_USER: 'minioadmin', MINIO_ROOT_PASSWORD: 'minioadmin' })
    .withExposedPorts(9000)
    .withWaitStrategy(Wait.forHttp('/minio/health/live', 9000))
    .start();
  return {
    endpoint: {
      endpoint: `http://${container.getHost()}:${container.getMappedPort(9000)}`,
      region: 'us-east-1',
      accessKeyId: 'minioadmin',
      secretAccessKey: 'minioadmin',
    },
    pids: [],
    stop: async () => {
      await container.stop();
    },
  };
}

async function withClient<T>(server: S3Endpoint, fn: (client: S3Client) => Promise<T>): Promise<T> {
  const client = createS3Client(server);
  try {
    return await fn(client);
  } finally {
    client.destroy();
  }
}

/** Every object, then the bucket: S3 refuses to delete a bucket that holds anything. */
async function deleteBucket(client: S3Client, Bucket: string): Promise<void> {
  for (;;) {
    const page = await client.send(new ListObjectsV2Command({ Bucket, MaxKeys: 1000 }));
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length === 0) break;
    await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }));
  }
  await client.send(new DeleteBucketCommand({ Bucket }));
}

const isMissingBucket = (error: unknown) => ['NoSuchBucket', 'NotFound'].includes((error as { name?: string }).name ?? '');

/** S3: each instance gets its own buckets, named after it, and empties and deletes them at the end. */
export const s3: ResourceProvider<'s3'> = {
  kind: 's3',
  needsPort: (infra) => infra === 'embedded',
  async start({ infra, dir, port, env }) {
    if (infra === 'external') return { endpoint: externalServers(['s3'], env).s3, pids: [], stop: async () => undefined };
    if (infra === 'containers') return startContainerS3();
    return startEmbeddedS3(dir, port);
  },
  prepare: async () => ({}),
  unprepare: async () => undefined,
  async allocate(server, declaration, _prepared, name) {
    const buckets = Object.fromEntries(declaration.buckets.map((b) => [b, `${name}-${b}`.replace(/_/g, '-')]));
    await withClient(server, async (client) => {
      for (const Bucket of Object.values(buckets)) {
        await client.send(new CreateBucketCommand({ Bucket })).catch((error: { name?: string }) => {
          if (error.name !== 'BucketAlreadyOwnedByYou') throw error;
        });
      }
    });
    return { ...server, buckets };
  },
  route: async (settings, through) => ({ ...settings, endpoint: await through('http', settings.endpoint) }),
  async release(server, settings) {
    await withClient(server, async (client) => {
      for (const bucket of Object.values(settings.buckets)) {
        await deleteBucket(client, bucket).catch((error: unknown) => {
          if (!isMissingBucket(error)) throw error;
        });
      }
    });
  },
};
