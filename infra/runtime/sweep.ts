// Kills what runs left behind when their owner died (SIGKILL, a crash, a closed terminal) and
// removes their directories. Test runs, `npm run sweep` and a dead owner's watchdog call it.
import fs from 'node:fs';
import path from 'node:path';
import { RUNS_DIR } from '../paths.ts';
import { isAlive, type ProcessRef } from './processes.ts';
import { INFRA_FILE, OWNER_FILE, PIDS_SUFFIX, removeRunDirs, type OwnerRecord } from './run-dir.ts';

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined; // missing or half-written
  }
}

/** Returns the swept run ids. */
export function sweepStaleRuns(): string[] {
  if (!fs.existsSync(RUNS_DIR)) return [];
  const swept: string[] = [];
  for (const runId of fs.readdirSync(RUNS_DIR)) {
    const runDir = path.join(RUNS_DIR, runId);
    const owner = readJson<OwnerRecord>(path.join(runDir, OWNER_FILE));
    if (owner && isAlive(owner)) continue;
    for (const file of fs.readdirSync(runDir).filter((f) => f.endsWith(PIDS_SUFFIX))) {
      for (const ref of readJson<ProcessRef[]>(path.join(runDir, file)) ?? []) {
        if (isAlive(ref)) process.kill(-ref.pid, 'SIGKILL');
      }
    }
    // SIGQUIT is Postgres's immediate shutdown: the postmaster takes its backends with it.
    for (const pid of readJson<number[]>(path.join(runDir, INFRA_FILE)) ?? []) if (isAlive({ pid })) process.kill(pid, 'SIGQUIT');
    removeRunDirs(runDir, owner?.dataDir);
    swept.push(runId);
  }
  return swept;
}
