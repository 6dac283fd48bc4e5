// One migrated template database per stack and run; every stack instance gets a clone (milliseconds).
import pg from 'pg';
import { migrate } from '../../services/shared/src/postgres.ts';

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const ident = (name: string) => {
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new Error(`unsafe database name "${name}"`);
  return `"${name}"`;
};

/** (Re)creates `name`, applies the migrations, and leaves no connection open on it. */
export async function createTemplate(adminUrl: string, name: string, migrationsDir: string): Promise<string> {
  const url = await createDatabase(adminUrl, name);
  await migrate(url, migrationsDir);
  return url;
}

export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${ident(name)}`);
  });
  return databaseUrl(adminUrl, name);
}

export async function cloneDatabase(adminUrl: string, template: string, name: string): Promise<string> {
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)}`);
  });
  return databaseUrl(adminUrl, name);
}

export async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  await admin(adminUrl, async (c) => {
    for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
  });
}
