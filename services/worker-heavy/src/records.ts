// The worker's own memory of what it checked: per session, the recent validation, simulation
// and verification outcomes, each tied to a fingerprint of the exact inputs (objectives.yaml, the
// build script and every session file it imports). POST /benchmark/submit trusts only these:
// they live in a state directory outside every session, which neither agents (light worker
// fs/*, runtime/execute) nor build scripts (sandboxed to their session) can reach, unlike the
// result files in the session (validation_results.json, …), which an agent can overwrite.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SerialByKey } from '../../shared/src/serial.ts';
import { sessionsDir, writeFileAtomic } from '../../shared/src/workspace.ts';
import type { Failure } from './failures.ts';

export interface InputFile {
  /** Session-relative path. */
  path: string;
  /** null when the file is missing. */
  sha256: string | null;
  bytes: number;
}

export type RecordKind = 'validation' | 'simulation' | 'verification';

export interface RunRecord {
  kind: RecordKind;
  script_path: string;
  fingerprint: string;
  files: InputFile[];
  success: boolean;
  failure: Failure | null;
  at: string;
  /** A few figures for the review manifest (mass, cost, seed, success rate, …). */
  summary: Record<string, unknown>;
}

/** Recent records kept per session and kind. */
const KEEP = 20;

/** `WORKER_HEAVY_STATE_DIR`, else `worker-heavy-state` next to the sessions directory. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.WORKER_HEAVY_STATE_DIR || path.join(path.dirname(sessionsDir(env)), 'worker-heavy-state'));
}

/** Hashes of `rels` (session-relative) under `dir`, sorted by path; missing or unreadable files hash to null. */
export function hashInputs(dir: string, rels: Iterable<string>): InputFile[] {
  return [...new Set(rels)].sort().map((rel) => {
    try {
      const data = fs.readFileSync(path.join(dir, rel));
      return { path: rel, sha256: crypto.createHash('sha256').update(data).digest('hex'), bytes: data.length };
    } catch {
      return { path: rel, sha256: null, bytes: 0 };
    }
  });
}

export function fingerprintOf(files: InputFile[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(files.map((f) => [f.path, f.sha256]))).digest('hex');
}

const fileOf = (sessionId: string, kind: RecordKind) => path.join(stateDir(), sessionId, `${kind}.json`);

export function readRecords(sessionId: string, kind: RecordKind): RunRecord[] {
  try {
    return JSON.parse(fs.readFileSync(fileOf(sessionId, kind), 'utf8')) as RunRecord[];
  } catch {
    return [];
  }
}

// Read-modify-write per session file, one at a time (validate runs outside the simulation queue).
const writes = new SerialByKey();

export async function addRecord(sessionId: string, record: RunRecord): Promise<void> {
  const file = fileOf(sessionId, record.kind);
  await writes.run(file, async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const list = [record, ...readRecords(sessionId, record.kind)].slice(0, KEEP);
    await writeFileAtomic(file, JSON.stringify(list));
  });
}

/** The newest record of `kind` for exactly these inputs and script. */
export function latestFor(sessionId: string, kind: RecordKind, scriptPath: string, fingerprint: string): RunRecord | undefined {
  return readRecords(sessionId, kind).find((r) => r.script_path === scriptPath && r.fingerprint === fingerprint);
}
