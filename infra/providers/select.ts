// Which infrastructure a run uses, decided from the environment alone (pure; unit-tested).
import type { InfraKind, PostgresEndpoint, S3Endpoint } from './types.ts';

export type InfraPlan =
  | { kind: 'embedded' }
  | { kind: 'containers' }
  | { kind: 'external'; postgres: PostgresEndpoint; s3: S3Endpoint };

export class InfraConfigError extends Error {
  override name = 'InfraConfigError';
}

const KINDS: InfraKind[] = ['embedded', 'containers', 'external'];

export function planInfra(env: Readonly<Record<string, string | undefined>>): InfraPlan {
  const raw = (env.STACK_INFRA ?? '').trim().toLowerCase();
  const kind = (raw === '' ? 'embedded' : raw) as InfraKind;
  if (!KINDS.includes(kind)) {
    throw new InfraConfigError(
      `STACK_INFRA="${env.STACK_INFRA}" is not one of ${KINDS.join(', ')} (unset means embedded).`,
    );
  }
  if (kind !== 'external') return { kind };

  const missing = ['POSTGRES_URL', 'S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'].filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new InfraConfigError(
      `STACK_INFRA=external needs ${missing.join(', ')} (in the environment or .env).`,
    );
  }
  const postgresUrl = env.POSTGRES_URL!;
  if (!/^postgres(ql)?:\/\//.test(postgresUrl)) {
    throw new InfraConfigError(`POSTGRES_URL must be a postgres:// or postgresql:// URL, got "${postgresUrl}".`);
  }
  const endpoint = env.S3_ENDPOINT!;
  if (!/^https?:\/\//.test(endpoint)) {
    throw new InfraConfigError(`S3_ENDPOINT must be an http:// or https:// URL, got "${endpoint}".`);
  }
  return {
    kind,
    postgres: { adminUrl: postgresUrl },
    s3: {
      endpoint,
      region: env.S3_REGION || 'us-east-1',
      accessKeyId: env.S3_ACCESS_KEY!,
      secretAccessKey: env.S3_SECRET_KEY!,
    },
  };
}
