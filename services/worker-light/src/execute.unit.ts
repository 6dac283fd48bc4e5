import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { execute, executeEnv } from './execute.ts';

/** Pids of live processes whose command line mentions `marker` (the run's unique root). */
function processesMentioning(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

test('execute: the environment is scrubbed', () => {
  expect(Object.keys(executeEnv('/s/abc')).sort()).toEqual(['HOME', 'LANG', 'NODE_ENV', 'PATH', 'TMPDIR']);
});

test('execute: a timeout and an abort kill the whole run; no process of it is left', async () => {
  test.skip(process.platform !== 'linux', 'reads /proc');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-execute-unit-'));
  // A sleeping run only ends if it is killed.
  const killed: unknown[] = [];
  const timedOut = await execute(root, `console.log('started'); setInterval(() => {}, 1000);`, 1, undefined, (k) => killed.push(k));
  expect(timedOut).toMatchObject({ timed_out: true, exit_code: null, stdout: 'started\n' });
  expect(killed).toEqual([{ reason: 'timeout', pgid: expect.any(Number) }]);
  expect(processesMentioning(root)).toEqual([]);

  const abandoned = new AbortController();
  const run = execute(root, `import fs from 'node:fs'; fs.writeFileSync('running', ''); setInterval(() => {}, 1000);`, 60, abandoned.signal, (k) => killed.push(k));
  await expect.poll(() => fs.existsSync(path.join(root, 'running'))).toBe(true);
  abandoned.abort();
  expect(await run).toMatchObject({ timed_out: false, exit_code: null });
  expect(killed[1]).toEqual({ reason: 'caller_gone', pgid: expect.any(Number) });
  expect(processesMentioning(root)).toEqual([]);
  // A run that ends by itself was not killed.
  await execute(root, `console.log('done')`, 10, undefined, (k) => killed.push(k));
  expect(killed).toHaveLength(2);
  fs.rmSync(root, { recursive: true, force: true });
});
