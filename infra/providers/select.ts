// Which infrastructure a run uses, decided from the environment alone (pure; unit-tested).
import type { InfraKind, ResourceKind, ResourceTypes } from './types.ts';

export class InfraConfigError extends Error {
  override name = 'InfraConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const KINDS: InfraKind[] = ['embedded', 'containers', 'external'];

export function planInfra(env: Env): InfraKind {
  const raw = (env.STACK_INFRA ?? '').trim().toLowerCase();
  const kind = (raw === '' ? 'embedded' : raw) as InfraKind;
  if (!KINDS.includes(kind)) {
    throw new InfraConfigError(`STACK_INFRA="${env.STACK_INFRA}" is not one of ${KINDS.join(', ')} (unset means embedded).`);
  }
  return kind;
}

/** The variables STACK_INFRA=external reads for each resource. */
export const EXTERNAL_VARIABLES: Record<ResourceKind, string[]> = {
  postgres: ['POSTGRES_URL'],
  s3: ['S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'],
  docstore: ['MONGODB_URL'],
};

/**
 * The external servers of the resources a run needs, from the environment. Every missing
 * variable of every needed resource is named at once.
 */
export function externalServers<K extends ResourceKind>(kinds: readonly K[], env: Env): { [P in K]: ResourceTypes[P]['server'] } {
  const missing = kinds.flatMap((k) => EXTERNAL_VARIABLES[k]).filter((v) => !env[v]);
  if (missing.length > 0) throw new InfraConfigError(`STACK_INFRA=external needs ${missing.join(', ')} (in the environment or .env).`);
  const url = (name: string, pattern: RegExp, what: string) => {
    const value = env[name]!;
    if (!pattern.test(value)) throw new InfraConfigError(`${name} must be ${what} URL, got "${value}".`);
    return value;
  };
  const servers: Partial<{ [P in ResourceKind]: ResourceTypes[P]['server'] }> = {};
  for (const kind of kinds) {
    if (kind === 'postgres') servers.postgres = { adminUrl: url('POSTGRES_URL', /^postgres(ql)?:\/\//, 'a postgres:// or postgresql://') };
    if (kind === 's3') {
      servers.s3 = {
        endpoint: url('S3_ENDPOINT', /^https?:\/\//, 'an http:// or https://'),
        region: env.S3_REGION || 'us-east-1',
        accessKeyId: env.S3_ACCESS_KEY!,
        secretAccessKey: env.S3_SECRET_KEY!,
      };
    }
    if (kind === 'docstore') servers.docstore = { kind: 'mongodb', url: url('MONGODB_URL', /^mongodb(\+srv)?:\/\//, 'a mongodb:// or mongodb+srv://') };
  }
  return servers as { [P in K]: ResourceTypes[P]['server'] };
}
