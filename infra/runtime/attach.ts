// Attach mode: `npm run stack` records its live stack in .stack/state.json; a test run that
// finds a live one reuses it instead of booting. A state file whose owner died is swept.
import fs from 'node:fs';
import { STATE_FILE } from '../paths.ts';
import { isAlive } from './processes.ts';
import type { RunRecord } from './run.ts';

export interface AttachState extends RunRecord {
  label: string;
  urls: Record<string, string>;
  databaseUrl: string;
  buckets: Record<string, string>;
  logDir: string;
}

export function writeAttachState(state: AttachState, file = STATE_FILE): void {
  fs.writeFileSync(file, JSON.stringify(state, null, 2));
}

export function removeAttachState(): void {
  fs.rmSync(STATE_FILE, { force: true });
}

/**
 * The live stack to attach to, or undefined. A state file whose owner is gone is deleted (its
 * run directory is swept by sweepStaleRuns); one whose stack does not answer is ignored.
 */
export async function findLiveStack(healthService: string, file = STATE_FILE): Promise<AttachState | undefined> {
  let state: AttachState;
  try {
    state = JSON.parse(fs.readFileSync(file, 'utf8')) as AttachState;
  } catch {
    return undefined;
  }
  if (!isAlive(state.owner)) {
    fs.rmSync(file, { force: true });
    return undefined;
  }
  const url = state.urls[healthService];
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok ? state : undefined;
  } catch {
    return undefined;
  }
}
