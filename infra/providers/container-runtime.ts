import { InfraConfigError } from './select.ts';

/**
 * Fails fast (testcontainers answers in milliseconds) when no Docker/Podman is reachable,
 * instead of letting a container start hang or fail obscurely.
 */
export async function requireContainerRuntime(): Promise<void> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    throw new InfraConfigError(
      'STACK_INFRA=containers needs a container runtime (Docker or Podman), and none was found ' +
        `(${(error as Error).message.split('\n')[0]}). ` +
        'Unset STACK_INFRA to use the embedded default (real Postgres and S3 without Docker), ' +
        'or set STACK_INFRA=external with POSTGRES_URL and S3_* to use running services.',
    );
  }
}
