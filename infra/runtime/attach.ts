// Attach mode: `npm run stack [-- <stack>]` records its live stack in `.stack/attach/<stack>.json`;
// a test run that finds a live one for a stack its tests use reuses it instead of booting.
// A state file whose owner died is removed (its run directory is swept by sweepStaleRuns).
import fs from 'node:fs';
import path from 'node:path';
import { STACK_DIR } from '../paths.ts';
import type { InstanceResources } from '../providers/types.ts';
import type { StackSpec } from '../stacks/types.ts';
import { isAlive, type ProcessRef } from './processes.ts';

export interface AttachState {
  stack: string;
  owner: ProcessRef;
  urls: Record<string, string>;
  resources: InstanceResources;
  /** Where its services log, `<logDir>/<service>.log`. */
  logDir: string;
}

export const ATTACH_DIR = path.join(STACK_DIR, 'attach');

export const attachFile = (stack: string) => path.join(ATTACH_DIR, `${stack}.json`);

export function writeAttachState(state: AttachState, file = attachFile(state.stack)): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(state, null, 2));
}

export function removeAttachState(stack: string): void {
  fs.rmSync(attachFile(stack), { force: true });
}

/** The live stack to attach to, or undefined; "live" means its owner runs and every service answers its health path. */
export async function findLiveStack(spec: StackSpec, file = attachFile(spec.name)): Promise<AttachState | undefined> {
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
  const healthy = await Promise.all(
    spec.services.map(async (service) => {
      const url = state.urls[service.name];
      if (!url) return false;
      try {
        const res = await fetch(url + service.health, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        return res.ok;
      } catch {
        return false;
      }
    }),
  );
  return healthy.every(Boolean) ? state : undefined;
}
