// The harness's start/stop contract, with real processes (`node -e`) on real ports.
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import type { ServiceSpec, StackSpec } from '../stacks/types.ts';
import { isListening } from './ports.ts';
import { ServiceStartError, StackInstance } from './instance.ts';

const server = (extra = '') =>
  `require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT, '127.0.0.1'); ${extra}`;

const service = (name: string, script: string, overrides: Partial<ServiceSpec> = {}): ServiceSpec => ({
  name,
  command: () => ['node', '-e', script],
  env: () => ({}),
  health: '/health',
  dependsOn: [],
  wellKnownPort: 0,
  startTimeoutMs: 5_000,
  ...overrides,
});

const instance = (services: ServiceSpec[], logDir: string) => {
  const spec: StackSpec = { name: 't', services, builds: [], resources: {}, wellKnownInfraPorts: {} };
  return new StackInstance(spec, { logDir, ports: 'free', resources: {}, workDir: logDir });
};

test('a service that exits during start-up fails the start with its name, exit code and log tail', async ({}, testInfo) => {
  const lines = Array.from({ length: 50 }, (_, i) => `console.log('line ${i}');`).join(' ');
  const stack = instance([service('crasher', `${lines} process.exit(3)`)], testInfo.outputPath());
  const error = await stack.start().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ServiceStartError);
  const message = (error as Error).message;
  expect(message).toContain('Service "crasher" exited during start-up (exit code 3)');
  expect(message).toContain('line 49');
  expect(message).toContain('line 10');
  expect(message).not.toContain('line 9\n'); // only the last 40 lines
});

test('a service that never becomes healthy fails at its deadline with the last health answer', async ({}, testInfo) => {
  const stack = instance([service('silent', 'setInterval(() => {}, 1000)', { startTimeoutMs: 300 })], testInfo.outputPath());
  await expect(stack.start()).rejects.toThrow(/Service "silent" was not healthy at http:\/\/127\.0\.0\.1:\d+\/health within 300 ms \(last: .*ECONNREFUSED/);
  expect(stack.services.size).toBe(0);
});

test('dependencies start first and their URLs reach the dependent; stop closes every port', async ({}, testInfo) => {
  const stack = instance(
    [
      service('web', server(`require('fs').writeFileSync(process.env.SEEN, process.env.API_URL)`), {
        dependsOn: ['api'],
        env: (ctx) => ({ API_URL: ctx.urls.api!, SEEN: testInfo.outputPath('seen.txt') }),
      }),
      service('api', server()),
    ],
    testInfo.outputPath(),
  );
  await stack.start();
  expect(Object.keys(stack.urls).sort()).toEqual(['api', 'web']);
  await expect.poll(() => fs.existsSync(testInfo.outputPath('seen.txt'))).toBe(true);
  // The dependent was told the address of api's fault-injection proxy, which reaches api.
  const seen = fs.readFileSync(testInfo.outputPath('seen.txt'), 'utf8');
  expect(seen).not.toBe(stack.urls.api);
  expect(await (await fetch(seen)).text()).toBe('ok');
  const ports = [...stack.services.values()].map((s) => s.port);
  await stack.stop();
  for (const port of ports) expect(await isListening(port)).toBe(false);
});

test('services know the URLs of services they do not depend on (ports are taken before any starts)', async ({}, testInfo) => {
  // Each writes down the other's URL; neither waits for the other.
  const spy = (name: string, other: string) =>
    service(name, server(`require('fs').writeFileSync(process.env.SEEN, JSON.stringify({ other: process.env.OTHER }))`), {
      env: (ctx) => ({ OTHER: ctx.urls[other]!, SEEN: testInfo.outputPath(`${name}.json`) }),
    });
  const stack = instance([spy('a', 'b'), spy('b', 'a')], testInfo.outputPath());
  await stack.start();
  await expect.poll(() => fs.existsSync(testInfo.outputPath('a.json')) && fs.existsSync(testInfo.outputPath('b.json'))).toBe(true);
  const a = JSON.parse(fs.readFileSync(testInfo.outputPath('a.json'), 'utf8'));
  const b = JSON.parse(fs.readFileSync(testInfo.outputPath('b.json'), 'utf8'));
  expect(await (await fetch(a.other)).text()).toBe('ok');
  expect(await (await fetch(b.other)).text()).toBe('ok');
  await stack.stop();
});

test('a fault on one service fails it for the services that call it, not for direct clients; restore ends it', async ({}, testInfo) => {
  const spy = service('web', server(`require('fs').writeFileSync(process.env.SEEN, process.env.API)`), {
    env: (ctx) => ({ API: ctx.urls.api!, SEEN: testInfo.outputPath('api-url.txt') }),
  });
  const stack = instance([service('api', server()), spy], testInfo.outputPath());
  await stack.start();
  try {
    await expect.poll(() => fs.existsSync(testInfo.outputPath('api-url.txt'))).toBe(true);
    const viaProxy = fs.readFileSync(testInfo.outputPath('api-url.txt'), 'utf8');
    await stack.inject('api', 'error');
    expect(stack.activeFaults()).toEqual({ api: 'error' });
    expect((await fetch(viaProxy)).status).toBe(503);
    expect(await (await fetch(stack.urls.api!)).text()).toBe('ok');
    await stack.restore();
    expect(await (await fetch(viaProxy)).text()).toBe('ok');
    await expect(stack.inject('nothing', 'refuse')).rejects.toThrow('no dependency "nothing" to fault (this instance has api, web)');
  } finally {
    await stack.stop();
  }
});

test('a failing dependency stops the services that did start', async ({}, testInfo) => {
  const stack = instance(
    [service('ok', server()), service('bad', 'process.exit(1)'), service('late', server(), { dependsOn: ['ok', 'bad'] })],
    testInfo.outputPath(),
  );
  await expect(stack.start()).rejects.toThrow('Service "bad" exited during start-up (exit code 1)');
  expect(stack.services.size).toBe(0);
});

test('stopping kills the whole process group, grandchildren included', async ({}, testInfo) => {
  const pidFile = testInfo.outputPath('grandchild.pid');
  const spawnGrandchild = `const c = require('child_process').spawn('sleep', ['60'], { stdio: 'ignore' }); require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid));`;
  const stack = instance([service('parent', server(spawnGrandchild))], testInfo.outputPath());
  await stack.start();
  await expect.poll(() => fs.existsSync(pidFile)).toBe(true);
  const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
  await stack.stop();
  await expect.poll(() => fs.existsSync(`/proc/${grandchild}`) && !fs.readFileSync(`/proc/${grandchild}/stat`, 'utf8').includes(') Z')).toBe(false);
});
