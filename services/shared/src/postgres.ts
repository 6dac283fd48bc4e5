// Postgres for the services (and the harness's template migration): one pool shape, one way to
// apply a folder of migrations, one transaction helper.
import pg from 'pg';
import { runner } from 'node-pg-migrate';

/** A pool; `onIdleError` keeps an idle connection the server drops from crashing the process (the next query reconnects). */
export function createPool(databaseUrl: string, onIdleError?: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, idleTimeoutMillis: 10_000 });
  if (onIdleError) pool.on('error', onIdleError);
  return pool;
}

/** Applies the pending migrations of `dir`; a no-op on a database cloned from the migrated template. */
export async function migrate(databaseUrl: string, dir: string, log: (msg: string) => void = () => undefined): Promise<void> {
  await runner({ databaseUrl, dir, direction: 'up', migrationsTable: 'pgmigrations', count: Infinity, log, noLock: false });
}

/** Runs `fn` in a transaction on one client: COMMIT when it returns, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
