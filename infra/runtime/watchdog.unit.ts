// The crash promise with real processes: an owner that booted a run (embedded Postgres + S3) is
// killed with SIGKILL, and its watchdog leaves no Postgres, no run dir and no data dir behind.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { REPO_ROOT } from '../paths.ts';
import { isAlive } from './processes.ts';
import { INFRA_FILE, type RunDirs } from './run-dir.ts';

test('an owner killed with SIGKILL is swept by its watchdog: no Postgres, no run dir, no data dir', async ({}, testInfo) => {
  test.setTimeout(60_000);
  fs.mkdirSync(testInfo.outputPath('migrations'), { recursive: true });
  const owner = testInfo.outputPath('owner.mts');
  const url = (rel: string) => pathToFileURL(`${REPO_ROOT}/${rel}`).href;
  fs.writeFileSync(
    owner,
    `import { Run } from '${url('infra/runtime/run.ts')}';
     const spec = { name: 'wd', services: [], builds: [], resources: { postgres: { migrationsDir: ${JSON.stringify(path.relative(REPO_ROOT, testInfo.outputPath('migrations')))} }, s3: { buckets: ['b'] } }, wellKnownInfraPorts: {} };
     const run = Run.open();
     await run.prepare(spec);
     console.log(JSON.stringify(run.dirs));
     setInterval(() => {}, 1000);`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', owner], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const dirs = await new Promise<RunDirs>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      // Only whole lines: a chunk may end mid-record.
      const line = out.split('\n').slice(0, -1).find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as RunDirs);
    });
    child.on('exit', (code) => reject(new Error(`the owner exited (${code}) before booting`)));
  });
  const infraPids = JSON.parse(fs.readFileSync(path.join(dirs.runDir, INFRA_FILE), 'utf8')) as number[];
  expect(infraPids.length).toBeGreaterThan(0);
  expect(infraPids.every((pid) => isAlive({ pid }))).toBe(true);
  expect(fs.existsSync(dirs.dataDir)).toBe(true);

  child.kill('SIGKILL');
  await expect
    .poll(() => ({ postgres: infraPids.some((pid) => isAlive({ pid })), runDir: fs.existsSync(dirs.runDir), dataDir: fs.existsSync(dirs.dataDir) }), {
      timeout: 20_000,
    })
    .toEqual({ postgres: false, runDir: false, dataDir: false });
});
