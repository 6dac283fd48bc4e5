import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { requireContainerRuntime } from './container-runtime.ts';
import { InfraConfigError } from './select.ts';

test('without a container runtime, the containers provider fails with a message that says what to do', async () => {
  test.skip(fs.existsSync('/var/run/docker.sock') || !!process.env.DOCKER_HOST, 'a container runtime may exist on this machine');
  const error = await requireContainerRuntime().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InfraConfigError);
  expect((error as Error).message).toContain('STACK_INFRA=containers needs a container runtime (Docker or Podman), and none was found');
  expect((error as Error).message).toContain('Unset STACK_INFRA to use the embedded default');
});
