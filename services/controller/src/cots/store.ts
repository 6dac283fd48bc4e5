// Reading the COTS catalog from Postgres (read-only: this module never writes). Every answer comes
// from one snapshot — the rows of one read-only transaction — and carries that snapshot's
// catalog_version and a snapshot_hash recomputed from exactly those rows, so a search result can
// always be tied to the catalog content it was computed on (INT-064).
import type pg from 'pg';
import { snapshotHash, type Catalog, type CotsPart } from './catalog.ts';
import { readStored } from './seed.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, searchParts, type SearchAnswer, type SearchQuery } from './search.ts';

export interface Snapshot extends Catalog {
  snapshot_hash: string;
  categories: string[];
}

export class CatalogNotLoaded extends Error {}

/** A bad search parameter: which one and why (400 on the route, the tool's error text). */
export class SearchParamError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RawSearch {
  q?: unknown;
  category?: unknown;
  max_price?: unknown;
  max_weight_g?: unknown;
  limit?: unknown;
}

const NUMBER_RE = /^(?:\d{1,9})(?:\.\d{1,6})?$/;

function positive(name: string, value: unknown, where: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && NUMBER_RE.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new SearchParamError(`${where}.${name}`, `${where}.${name} must be a positive number (got ${JSON.stringify(value)})`);
  return n;
}

/**
 * Route query strings (digit strings) and tool arguments (JSON numbers) alike → a SearchQuery,
 * or a SearchParamError naming the parameter. `categories` are the loaded catalog's.
 */
export function parseSearch(raw: RawSearch, categories: string[], where = 'querystring'): SearchQuery {
  const query: SearchQuery = { limit: DEFAULT_LIMIT };
  if (raw.q !== undefined && raw.q !== null) {
    if (typeof raw.q !== 'string' || raw.q.length > 200) throw new SearchParamError(`${where}.q`, `${where}.q must be a string of at most 200 characters`);
    if (raw.q.trim()) query.q = raw.q.trim();
  }
  if (raw.category !== undefined && raw.category !== null && raw.category !== '') {
    if (typeof raw.category !== 'string' || !categories.includes(raw.category)) {
      throw new SearchParamError(`${where}.category`, `${where}.category must be one of ${categories.join(', ')} (got ${JSON.stringify(raw.category)})`);
    }
    query.category = raw.category;
  }
  const price = positive('max_price', raw.max_price, where);
  if (price !== undefined) query.max_price = price;
  const weight = positive('max_weight_g', raw.max_weight_g, where);
  if (weight !== undefined) query.max_weight_g = weight;
  if (raw.limit !== undefined && raw.limit !== null && raw.limit !== '') {
    const n = typeof raw.limit === 'number' ? raw.limit : typeof raw.limit === 'string' && /^\d{1,3}$/.test(raw.limit) ? Number(raw.limit) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new SearchParamError(`${where}.limit`, `${where}.limit must be an integer 1..${MAX_LIMIT} (got ${JSON.stringify(raw.limit)})`);
    query.limit = n;
  }
  return query;
}

export interface SearchResponse extends SearchAnswer {
  catalog_version: string;
  generated_at: string;
  snapshot_hash: string;
  query: SearchQuery;
}

export class CotsStore {
  constructor(private readonly pool: pg.Pool) {}

  async snapshot(): Promise<Snapshot> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const stored = await readStored(client);
      await client.query('COMMIT');
      if (!stored) throw new CatalogNotLoaded('the COTS catalog is not loaded (the controller seeds it at start-up)');
      const categories = [...new Set(stored.parts.map((p) => p.category))].sort();
      return { catalog_version: stored.catalog_version, generated_at: stored.generated_at, parts: stored.parts, categories, snapshot_hash: snapshotHash(stored) };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async search(raw: RawSearch, where = 'querystring'): Promise<SearchResponse> {
    const snap = await this.snapshot();
    const query = parseSearch(raw, snap.categories, where);
    return { catalog_version: snap.catalog_version, generated_at: snap.generated_at, snapshot_hash: snap.snapshot_hash, query, ...searchParts(snap.parts, query) };
  }

  /** The parts of `ids` the catalog has, and the IDs it does not. */
  async parts(ids: string[]): Promise<{ snapshot: Snapshot; found: CotsPart[]; unknown: string[] }> {
    const snapshot = await this.snapshot();
    const byId = new Map(snapshot.parts.map((p) => [p.part_id, p]));
    const wanted = [...new Set(ids)];
    return { snapshot, found: wanted.flatMap((id) => byId.get(id) ?? []), unknown: wanted.filter((id) => !byId.has(id)) };
  }
}

let current: CotsStore | undefined;
/** main.ts sets the store once the catalog is seeded; the agent's search_cots tool reads it. */
export function setCotsStore(store: CotsStore): void {
  current = store;
}
export function cotsStore(): CotsStore {
  if (!current) throw new CatalogNotLoaded('the COTS catalog is not available in this process');
  return current;
}
