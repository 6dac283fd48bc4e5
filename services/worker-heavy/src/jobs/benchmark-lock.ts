// The benchmark environment lock (INT-015). A benchmark is handed over by POST /benchmark/submit
// with `handover: "benchmark"` (the controller's submit tool sets it in benchmark episodes): the
// worker then hashes the benchmark's environment — its geometry script, every session file that
// script imports, and objectives.yaml, i.e. the inputs of the accepted validation — into its own
// state (`<state dir>/<session>/environment_lock.json`, out of every agent's reach). Every later
// engineer's handover in the session (`handover: "design"`, the default) is refused while any
// locked file differs from its hash, naming the file. A new benchmark handover re-locks.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../shared/src/workspace.ts';
import { ASSEMBLY_FILE } from '../assembly/definition.ts';
import { hashInputs, stateDir, type InputFile } from '../records.ts';
import type { Workspace } from '../workspace.ts';

export const LOCK_FILE = 'environment_lock.json';

export interface EnvironmentLock {
  locked_at: string;
  /** The benchmark's geometry script. */
  script_path: string;
  files: InputFile[];
}

const lockPath = (sessionId: string) => path.join(stateDir(), sessionId, LOCK_FILE);

export function readEnvironmentLock(sessionId: string): EnvironmentLock | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath(sessionId), 'utf8')) as EnvironmentLock;
  } catch {
    return undefined;
  }
}

/** Records the benchmark's environment at its handover; returns the lock (for the manifest). */
export async function lockEnvironment(sessionId: string, scriptPath: string, files: InputFile[]): Promise<EnvironmentLock> {
  // assembly_definition.yaml prices a design, not the environment: the engineer writes their own.
  const lock: EnvironmentLock = { locked_at: new Date().toISOString(), script_path: scriptPath, files: files.filter((f) => f.path !== ASSEMBLY_FILE) };
  fs.mkdirSync(path.dirname(lockPath(sessionId)), { recursive: true });
  await writeFileAtomic(lockPath(sessionId), JSON.stringify(lock));
  return lock;
}

/** For an engineer's handover: each locked environment file that changed or went missing, named (empty when none or no lock). */
export function environmentLockProblems(ws: Workspace, sessionId: string, handover: 'design' | 'benchmark' = 'design'): string[] {
  if (handover === 'benchmark') return [];
  const lock = readEnvironmentLock(sessionId);
  if (!lock) return [];
  const now = hashInputs(ws.inputDir, lock.files.map((f) => f.path));
  return lock.files.flatMap((f, i) => {
    if (f.sha256 === now[i]!.sha256) return [];
    const how = now[i]!.sha256 === null ? 'was deleted' : 'was modified';
    return [`an unchanged benchmark environment: ${f.path} ${how} since the benchmark (${lock.script_path}) was handed over at ${lock.locked_at}; the engineer may not change the benchmark's geometry script or objectives.yaml — restore ${f.path}`];
  });
}
