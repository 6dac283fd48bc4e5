import { test, expect } from '@playwright/test';
import { controllerApiKey, workbench } from './workbench.ts';
import type { ServiceContext } from './types.ts';

test('the heavy worker is told where the COTS catalog is (the controller, through its proxy) and the key, without waiting for it to start', () => {
  const heavy = workbench.services.find((s) => s.name === 'worker-heavy')!;
  const ctx = { port: 1, urls: { controller: 'http://127.0.0.1:7000' }, publicUrls: {}, resources: {}, workDir: '/tmp/x' } as unknown as ServiceContext;
  expect(heavy.env(ctx)).toMatchObject({ COTS_CATALOG_URL: 'http://127.0.0.1:7000', CONTROLLER_API_KEY: controllerApiKey() });
  expect(heavy.dependsOn).not.toContain('controller');
});
