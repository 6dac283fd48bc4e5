// Shared infrastructure (Postgres + S3) behind one call, whatever the provider.
import path from 'node:path';
import { freePort } from '../runtime/ports.ts';
import { requireContainerRuntime } from './container-runtime.ts';
import { startContainerPostgres, startEmbeddedPostgres } from './postgres.ts';
import { startContainerS3, startEmbeddedS3 } from './s3.ts';
import type { InfraPlan } from './select.ts';
import type { InfraEndpoints, PostgresEndpoint, S3Endpoint, Started } from './types.ts';

export { planInfra, InfraConfigError, type InfraPlan } from './select.ts';

export interface RunningInfra {
  endpoints: InfraEndpoints;
  pids: number[];
  stop(): Promise<void>;
}

export interface InfraOptions {
  /** Where embedded providers keep their data. */
  dir: string;
  /** Fixed ports for embedded providers (stack mode); free ports otherwise. */
  ports?: { postgres?: number; s3?: number };
}

export async function startInfra(plan: InfraPlan, options: InfraOptions): Promise<RunningInfra> {
  let postgres: Started<PostgresEndpoint>;
  let s3: Started<S3Endpoint>;
  if (plan.kind === 'external') {
    const none = { pids: [], stop: async () => undefined };
    postgres = { endpoint: plan.postgres, ...none };
    s3 = { endpoint: plan.s3, ...none };
  } else if (plan.kind === 'containers') {
    await requireContainerRuntime();
    [postgres, s3] = await startBoth(startContainerPostgres(), startContainerS3());
  } else {
    const [pgPort, s3Port] = await Promise.all([
      options.ports?.postgres ?? freePort(),
      options.ports?.s3 ?? freePort(),
    ]);
    [postgres, s3] = await startBoth(
      startEmbeddedPostgres(path.join(options.dir, 'postgres'), pgPort),
      startEmbeddedS3(path.join(options.dir, 's3'), s3Port),
    );
  }
  return {
    endpoints: { kind: plan.kind, postgres: postgres.endpoint, s3: s3.endpoint },
    pids: [...postgres.pids, ...s3.pids],
    stop: async () => {
      await Promise.all([postgres.stop(), s3.stop()]);
    },
  };
}

/** Both or neither: if one fails, the other is stopped before the error propagates. */
async function startBoth<A, B>(a: Promise<Started<A>>, b: Promise<Started<B>>): Promise<[Started<A>, Started<B>]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'fulfilled' && rb.status === 'fulfilled') return [ra.value, rb.value];
  await Promise.all([ra, rb].map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
  throw ra.status === 'rejected' ? ra.reason : (rb as PromiseRejectedResult).reason;
}
