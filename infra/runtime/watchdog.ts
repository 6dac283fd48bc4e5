// Services die with their owner through their stdin lifeline, but embedded Postgres is started
// by a library and would outlive a SIGKILLed owner until the next run's sweep. So each run also
// starts a tiny detached watchdog that holds a pipe from its owner: when the pipe closes without
// the run having been stopped (the owner died), the watchdog runs the sweep at once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../paths.ts';

// Plain JavaScript (no TypeScript loader to start for a process that usually just waits).
const SOURCE = `
const [node, sweep, cwd] = process.argv.slice(1);
process.stdin.resume();
process.stdin.on('end', () => {
  require('node:child_process').spawn(node, ['--import', 'tsx', sweep], { cwd, stdio: 'ignore' }).on('exit', () => process.exit(0));
});`;

export interface Watchdog {
  /** The run was stopped as it should be: the watchdog goes without doing anything. */
  disarm(): void;
}

export function startWatchdog(): Watchdog {
  const child = spawn(process.execPath, ['-e', SOURCE, process.execPath, path.join(REPO_ROOT, 'infra/cli/sweep.ts'), REPO_ROOT], {
    cwd: REPO_ROOT,
    detached: true, // its own process group: a Ctrl-C to the owner's group does not reach it
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.unref();
  (child.stdin as unknown as { unref(): void }).unref();
  return { disarm: () => child.kill('SIGKILL') };
}
