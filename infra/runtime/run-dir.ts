// A run's footprint on disk: `.stack/runs/<id>/` (who owns it, what it started) and its data
// dir (Postgres cluster, S3 objects, session files). The sweep reads the same files.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LOGS_DIR, REPO_ROOT, RUNS_DIR } from '../paths.ts';
import { refOf, type ProcessRef } from './processes.ts';

export interface RunDirs {
  runId: string;
  runDir: string;
  /** Postgres and S3 data and the instances' work dirs: in memory where the machine has /dev/shm. */
  dataDir: string;
  /** Root of this run's logs: `logs/`, or `logs/run-<id>/` while another run in this checkout is live. */
  logRoot: string;
  owner: ProcessRef;
}

/** Written first, so a sweep finds the data dir even if the run dies before it starts anything. */
export const OWNER_FILE = 'owner.json';
/** Pids of the run's infrastructure (embedded Postgres), rewritten whenever one starts. */
export const INFRA_FILE = 'infra.json';
/** Suffix of the files that list a stack instance's live service processes. */
export const PIDS_SUFFIX = '.pids.json';

export interface OwnerRecord extends ProcessRef {
  dataDir: string;
}

/**
 * Everything a run writes in bulk (a Postgres cluster, S3 objects, session files) is disposable,
 * and this disk is slow at creating files (copying a fresh cluster: ~1.2 s here, ~0.1 s in
 * tmpfs), so it goes to /dev/shm when that is writable, else into the run dir. STACK_DATA_DIR
 * names another parent (e.g. where /dev/shm is small, as in a default Docker container).
 */
function dataDirFor(runId: string, runDir: string): string {
  const parent = process.env.STACK_DATA_DIR || '/dev/shm';
  try {
    fs.accessSync(parent, fs.constants.W_OK);
  } catch {
    return path.join(runDir, 'data');
  }
  const checkout = crypto.createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 8);
  return path.join(path.resolve(parent), `stack-${checkout}-${runId}`);
}

/** Creates the run's directories, owned by this process. */
export function createRunDirs(): RunDirs {
  // Another live run in this checkout keeps logs/ to itself; this one logs beside it.
  const otherRunLive = fs.existsSync(RUNS_DIR) && fs.readdirSync(RUNS_DIR).length > 0;
  const runId = crypto.randomBytes(3).toString('hex');
  const logRoot = otherRunLive ? path.join(LOGS_DIR, `run-${runId}`) : LOGS_DIR;
  if (!otherRunLive) fs.rmSync(LOGS_DIR, { recursive: true, force: true });
  const runDir = path.join(RUNS_DIR, runId);
  fs.mkdirSync(runDir, { recursive: true });
  const owner = refOf(process.pid);
  const dataDir = dataDirFor(runId, runDir);
  fs.writeFileSync(path.join(runDir, OWNER_FILE), JSON.stringify({ ...owner, dataDir } satisfies OwnerRecord));
  fs.mkdirSync(dataDir, { recursive: true });
  return { runId, runDir, dataDir, logRoot, owner };
}

export function removeRunDirs(runDir: string, dataDir: string | undefined): void {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(runDir, { recursive: true, force: true });
}
