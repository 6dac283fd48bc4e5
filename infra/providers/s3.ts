import fs from 'node:fs';
import type { S3Endpoint, Started } from './types.ts';

/** A real S3 API (s3rver) in this process, storing objects under `dir`. */
export async function startEmbeddedS3(dir: string, port: number): Promise<Started<S3Endpoint>> {
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

export async function startContainerS3(): Promise<Started<S3Endpoint>> {
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
