import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runner } from 'node-pg-migrate';

/** Migrations live beside src/ and dist/, so the same relative URL works from both. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export function createPool(databaseUrl: string): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max: 10, idleTimeoutMillis: 10_000 });
}

/** Applies pending migrations; a no-op on a database cloned from the migrated template. */
export async function migrate(databaseUrl: string, log: (msg: string) => void): Promise<void> {
  await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    count: Infinity,
    log,
    noLock: false,
  });
}
