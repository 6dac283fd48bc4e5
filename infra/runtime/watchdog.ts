// Services die with their owner through their stdin lifeline, but embedded Postgres is started
// by a library and would outlive a SIGKILLed owner until the next run's sweep. So each run also
// starts a tiny detached watchdog that holds a pipe from its owner: when the pipe closes without
// the run having been stopped (the owner died), the watchdog loads the sweep and runs it at once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../paths.ts';

// Plain JavaScript while it waits; the TypeScript loader is only paid for when it must sweep.
const SOURCE = `
const [sweep] = process.argv.slice(1);
process.stdin.resume();
process.stdin.on('end', async () => {
  const { tsImport } = await import('tsx/esm/api');
  const { sweepStaleRuns } = await tsImport(sweep, sweep);
  sweepStaleRuns();
  process.exit(0);
});`;

export interface Watchdog {
  /** The run was stopped as it should be: the watchdog goes without doing anything. */
  disarm(): void;
}

export function startWatchdog(): Watchdog {
  const sweep = pathToFileURL(path.join(REPO_ROOT, 'infra/runtime/sweep.ts')).href;
  const child = spawn(process.execPath, ['-e', SOURCE, sweep], {
    cwd: REPO_ROOT,
    detached: true, // its own process group: a Ctrl-C to the owner's group does not reach it
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.unref();
  (child.stdin as unknown as { unref(): void }).unref();
  return { disarm: () => child.kill('SIGKILL') };
}
