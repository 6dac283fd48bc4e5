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

/** The server unreachable or gone (refused, reset, cut, shutting down), not an error of the query. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', '57P01', '57P02', '57P03'].includes(e.code)) return true;
  if (e.code?.startsWith('08')) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e.message ?? '');
}

export class DatabaseUnavailable extends Error {}

/**
 * Makes `pool.query` and `pool.connect()` ride out a cut database connection: a connection
 * failure is retried (backoff 0.1 s doubling to 1 s) until `budgetMs` has passed since the first
 * failure, then DatabaseUnavailable names the budget and the cause. Query errors are not retried.
 */
export function retryConnections(pool: pg.Pool, budgetMs: number, onFailure?: (error: Error, attempt: number, retrying: boolean) => void): pg.Pool {
  const retrying = async <T>(operation: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        if (Date.now() - started >= budgetMs) {
          onFailure?.(error as Error, attempt, false);
          throw new DatabaseUnavailable(`the database was unreachable for ${(budgetMs / 1000).toFixed(1)} s (the retry budget): ${(error as Error).message}`);
        }
        onFailure?.(error as Error, attempt, true);
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** (attempt - 1), 1000)));
      }
    }
  };
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  // Callback-style calls (pg's own, e.g. pool.query → connect(cb)) go straight through.
  pool.query = ((...args: unknown[]) => (typeof args.at(-1) === 'function' ? query(...args) : retrying(() => query(...args)))) as typeof pool.query;
  pool.connect = ((...args: unknown[]) => (args.length ? connect(...args) : retrying(() => connect() as Promise<pg.PoolClient>))) as typeof pool.connect;
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
