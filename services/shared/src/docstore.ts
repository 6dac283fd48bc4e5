// A small document store with two adapters behind one interface: a JSONB collection table on
// Postgres (the embedded default: no MongoDB server runs on these machines) and MongoDB through
// the official driver. Both the arena backend and the test harness use it, so both adapters
// must behave the same for the operations here; one shared unit test holds them to that.
//
// Documents are JSON values (timestamps as ISO strings), so what one adapter returns the other
// returns too. Filters are top-level equality on scalar fields; `null` matches a null or a
// missing field, as in MongoDB.
import pg from 'pg';

export type DocstoreKind = 'postgres' | 'mongodb';
export interface DocstoreSettings {
  kind: DocstoreKind;
  url: string;
  /** MongoDB database name; ignored for postgres (the URL names the database). */
  database: string;
}
export type Filter = Record<string, string | number | boolean | null>; // top-level equality only
export interface Collection<T extends object> {
  /** All or nothing: one statement on Postgres, an ordered insert on MongoDB. */
  insertMany(docs: T[]): Promise<void>;
  findOne(filter: Filter): Promise<T | null>;
  find(filter: Filter, options?: { sort?: Record<string, 1 | -1>; limit?: number }): Promise<T[]>;
  countDocuments(filter?: Filter): Promise<number>;
  /** Returns how many documents were deleted. */
  deleteMany(filter: Filter): Promise<number>;
}
export interface Docstore {
  collection<T extends object>(name: string): Collection<T>;
  ensureCollection(name: string): Promise<void>; // idempotent
  dropCollection(name: string): Promise<void>; // idempotent
  close(): Promise<void>;
}

const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,40}$/;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

function checkCollection(name: string): void {
  if (!COLLECTION_NAME.test(name)) throw new Error(`docstore: invalid collection name ${JSON.stringify(name)} (want ${COLLECTION_NAME.source})`);
}
function checkField(name: string): void {
  if (!FIELD_NAME.test(name)) throw new Error(`docstore: invalid field name ${JSON.stringify(name)} (want ${FIELD_NAME.source})`);
}

/** Opens a store; nothing connects until the first operation. */
export function openDocstore(settings: DocstoreSettings): Docstore {
  switch (settings.kind) {
    case 'postgres':
      return new PostgresDocstore(settings.url);
    case 'mongodb':
      return new MongoDocstore(settings.url, settings.database);
    default:
      throw new Error(`docstore: unknown kind ${JSON.stringify((settings as { kind: unknown }).kind)} (want postgres or mongodb)`);
  }
}

/** DOCSTORE_KIND (postgres | mongodb), DOCSTORE_URL, DOCSTORE_DATABASE (mongodb only). */
export function docstoreFromEnv(env: NodeJS.ProcessEnv = process.env): DocstoreSettings {
  const kind = env.DOCSTORE_KIND;
  if (!kind) throw new Error('docstore: environment variable DOCSTORE_KIND is required (postgres or mongodb)');
  if (kind !== 'postgres' && kind !== 'mongodb') {
    throw new Error(`docstore: environment variable DOCSTORE_KIND must be postgres or mongodb, got ${JSON.stringify(kind)}`);
  }
  const url = env.DOCSTORE_URL;
  if (!url) throw new Error(`docstore: environment variable DOCSTORE_URL is required (a ${kind === 'postgres' ? 'postgres://' : 'mongodb://'} URL)`);
  const wanted = kind === 'postgres' ? /^postgres(ql)?:\/\// : /^mongodb(\+srv)?:\/\//;
  if (!wanted.test(url)) throw new Error(`docstore: environment variable DOCSTORE_URL must be a ${kind} URL for DOCSTORE_KIND=${kind}`);
  const database = env.DOCSTORE_DATABASE ?? '';
  if (kind === 'mongodb' && !database) throw new Error('docstore: environment variable DOCSTORE_DATABASE is required when DOCSTORE_KIND=mongodb');
  return { kind, url, database };
}

// ---------------------------------------------------------------------------------------------
// Postgres: one table per collection, `docs_<name>`.

const UNDEFINED_TABLE = '42P01';

class PostgresDocstore implements Docstore {
  #pool: pg.Pool | undefined;
  readonly #ensured = new Set<string>();
  constructor(private readonly url: string) {}

  pool(): pg.Pool {
    if (!this.#pool) {
      this.#pool = new pg.Pool({ connectionString: this.url, max: 5, idleTimeoutMillis: 10_000 });
      // An idle connection the server drops (restart, shutdown) must not crash the process; the
      // next query opens a new one.
      this.#pool.on('error', () => undefined);
    }
    return this.#pool;
  }

  collection<T extends object>(name: string): Collection<T> {
    checkCollection(name);
    return new PostgresCollection<T>(this, name);
  }

  async ensureCollection(name: string): Promise<void> {
    checkCollection(name);
    if (this.#ensured.has(name)) return;
    const client = await this.pool().connect();
    try {
      // Concurrent CREATE … IF NOT EXISTS can still collide on the catalog; the lock serialises them.
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`docstore:${name}`]);
      await client.query(
        `CREATE TABLE IF NOT EXISTS docs_${name} (id bigserial PRIMARY KEY, doc jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
      );
      await client.query(`CREATE INDEX IF NOT EXISTS docs_${name}_doc_gin ON docs_${name} USING gin (doc jsonb_path_ops)`);
      await client.query('COMMIT');
      this.#ensured.add(name);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async dropCollection(name: string): Promise<void> {
    checkCollection(name);
    this.#ensured.delete(name);
    await this.pool().query(`DROP TABLE IF EXISTS docs_${name}`);
  }

  forget(name: string): void {
    this.#ensured.delete(name);
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.end();
  }
}

/** `WHERE` for a filter: containment for values (uses the GIN index), IS NULL-or-null for nulls. */
function where(filter: Filter, params: unknown[]): string {
  const contained: Record<string, string | number | boolean> = {};
  const clauses: string[] = [];
  for (const [field, value] of Object.entries(filter)) {
    checkField(field);
    if (value === null) {
      params.push(field);
      clauses.push(`(doc->$${params.length} IS NULL OR doc->$${params.length} = 'null'::jsonb)`);
    } else {
      contained[field] = value;
    }
  }
  if (Object.keys(contained).length) {
    params.push(JSON.stringify(contained));
    clauses.unshift(`doc @> $${params.length}::jsonb`);
  }
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

/**
 * `ORDER BY` matching MongoDB's for each field: first by type (missing/null, numbers, strings,
 * objects, arrays, booleans), then numbers numerically (`::numeric`, so 10 sorts after 9) and
 * everything else by its text in byte order (COLLATE "C", as MongoDB's default binary
 * comparison); ties keep insertion order.
 */
function orderBy(sort: Record<string, 1 | -1> | undefined, params: unknown[]): string {
  const keys: string[] = [];
  for (const [field, direction] of Object.entries(sort ?? {})) {
    checkField(field);
    params.push(field);
    const f = `doc->$${params.length}`;
    const text = `doc->>$${params.length}`;
    const dir = direction === -1 ? 'DESC' : 'ASC';
    keys.push(
      `CASE jsonb_typeof(${f}) WHEN 'number' THEN 1 WHEN 'string' THEN 2 WHEN 'object' THEN 3 WHEN 'array' THEN 4 WHEN 'boolean' THEN 5 ELSE 0 END ${dir}`,
      `CASE WHEN jsonb_typeof(${f}) = 'number' THEN (${f})::numeric END ${dir}`,
      `(${text}) COLLATE "C" ${dir}`,
    );
  }
  keys.push('id ASC');
  return `ORDER BY ${keys.join(', ')}`;
}

class PostgresCollection<T extends object> implements Collection<T> {
  readonly #table: string;
  constructor(
    private readonly store: PostgresDocstore,
    private readonly name: string,
  ) {
    this.#table = `docs_${name}`;
  }

  async insertMany(docs: T[]): Promise<void> {
    if (!docs.length) return;
    await this.store.ensureCollection(this.name);
    // One statement: all documents or none.
    await this.store
      .pool()
      .query(`INSERT INTO ${this.#table} (doc) SELECT value FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(value, n) ORDER BY n`, [
        JSON.stringify(docs),
      ]);
  }

  async findOne(filter: Filter): Promise<T | null> {
    return (await this.find(filter, { limit: 1 }))[0] ?? null;
  }

  async find(filter: Filter, options: { sort?: Record<string, 1 | -1>; limit?: number } = {}): Promise<T[]> {
    const params: unknown[] = [];
    let sql = `SELECT doc FROM ${this.#table} ${where(filter, params)} ${orderBy(options.sort, params)}`;
    if (options.limit !== undefined && options.limit > 0) {
      params.push(Math.floor(options.limit));
      sql += ` LIMIT $${params.length}`;
    }
    const rows = await this.#query<{ doc: T }>(sql, params);
    return rows.map((r) => r.doc);
  }

  async countDocuments(filter: Filter = {}): Promise<number> {
    const params: unknown[] = [];
    const rows = await this.#query<{ n: string }>(`SELECT count(*) AS n FROM ${this.#table} ${where(filter, params)}`, params);
    return Number(rows[0]?.n ?? 0);
  }

  async deleteMany(filter: Filter): Promise<number> {
    const params: unknown[] = [];
    const result = await this.store
      .pool()
      .query(`DELETE FROM ${this.#table} ${where(filter, params)}`, params)
      .catch((error: { code?: string }) => {
        if (error.code === UNDEFINED_TABLE) return { rowCount: 0 };
        throw error;
      });
    return result.rowCount ?? 0;
  }

  /** A collection never created reads as empty, as in MongoDB. */
  async #query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    try {
      return (await this.store.pool().query<R>(sql, params)).rows;
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) {
        this.store.forget(this.name);
        return [];
      }
      throw error;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// MongoDB: the official driver, loaded only when this adapter is used.

type MongoModule = typeof import('mongodb');
type MongoDb = import('mongodb').Db;
type MongoClient = import('mongodb').MongoClient;

const NAMESPACE_EXISTS = 48;
const NAMESPACE_NOT_FOUND = 26;

class MongoDocstore implements Docstore {
  #client: Promise<MongoClient> | undefined;
  constructor(
    private readonly url: string,
    private readonly database: string,
  ) {
    if (!database) throw new Error('docstore: a MongoDB database name is required');
  }

  async db(): Promise<MongoDb> {
    this.#client ??= (async () => {
      const { MongoClient }: MongoModule = await import('mongodb');
      return new MongoClient(this.url, { serverSelectionTimeoutMS: 5000 });
    })();
    return (await this.#client).db(this.database);
  }

  collection<T extends object>(name: string): Collection<T> {
    checkCollection(name);
    return new MongoCollection<T>(this, name);
  }

  async ensureCollection(name: string): Promise<void> {
    checkCollection(name);
    const db = await this.db();
    try {
      await db.createCollection(name);
    } catch (error) {
      if ((error as { code?: number }).code !== NAMESPACE_EXISTS) throw error;
    }
  }

  async dropCollection(name: string): Promise<void> {
    checkCollection(name);
    const db = await this.db();
    try {
      await db.collection(name).drop();
    } catch (error) {
      if ((error as { code?: number }).code !== NAMESPACE_NOT_FOUND) throw error;
    }
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client) await (await client).close();
  }
}

class MongoCollection<T extends object> implements Collection<T> {
  constructor(
    private readonly store: MongoDocstore,
    private readonly name: string,
  ) {}

  async #coll() {
    return (await this.store.db()).collection(this.name);
  }

  async insertMany(docs: T[]): Promise<void> {
    if (!docs.length) return;
    // The driver adds `_id` to the objects it is given: hand it copies.
    await (await this.#coll()).insertMany(
      docs.map((d) => ({ ...d })),
      { ordered: true },
    );
  }

  async findOne(filter: Filter): Promise<T | null> {
    return (await this.find(filter, { limit: 1 }))[0] ?? null;
  }

  async find(filter: Filter, options: { sort?: Record<string, 1 | -1>; limit?: number } = {}): Promise<T[]> {
    for (const field of [...Object.keys(filter), ...Object.keys(options.sort ?? {})]) checkField(field);
    let cursor = (await this.#coll()).find(filter, { projection: { _id: 0 } });
    if (options.sort && Object.keys(options.sort).length) cursor = cursor.sort(options.sort);
    if (options.limit !== undefined && options.limit > 0) cursor = cursor.limit(Math.floor(options.limit));
    return (await cursor.toArray()) as unknown as T[];
  }

  async countDocuments(filter: Filter = {}): Promise<number> {
    for (const field of Object.keys(filter)) checkField(field);
    return (await this.#coll()).countDocuments(filter);
  }

  async deleteMany(filter: Filter): Promise<number> {
    for (const field of Object.keys(filter)) checkField(field);
    return (await (await this.#coll()).deleteMany(filter)).deletedCount;
  }
}
