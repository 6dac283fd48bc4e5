// Start-up seeding of the COTS tables from the data file, in one transaction that alone may
// write them (the migration's trigger refuses every other write). Idempotent:
// - nothing loaded yet, or another catalog_version loaded → replace with the file's catalog;
// - the same version and the same snapshot hash, rows intact → nothing changes (no write at all);
// - the same version, rows whose hash no longer matches the recorded one → restored from the file;
// - the same version but the file's content differs → start-up fails: a version names one
//   content, so the file needs a new catalog_version.
import type pg from 'pg';
import { snapshotHash, type Catalog, type CotsPart } from './catalog.ts';

export type SeedAction = 'unchanged' | 'seed' | 'restore';

export interface Stored {
  catalog_version: string;
  snapshot_hash: string;
  /** Hash recomputed from the rows as they are now. */
  rows_hash: string;
}

export function seedAction(file: { catalog_version: string; snapshot_hash: string }, stored: Stored | undefined): SeedAction {
  if (!stored || stored.catalog_version !== file.catalog_version) return 'seed';
  if (stored.snapshot_hash !== file.snapshot_hash) {
    throw new Error(
      `COTS catalog ${file.catalog_version}: the data file's content (snapshot ${file.snapshot_hash.slice(0, 12)}…) differs from the catalog loaded ` +
        `under the same catalog_version (snapshot ${stored.snapshot_hash.slice(0, 12)}…); give the changed file a new catalog_version`,
    );
  }
  return stored.rows_hash === stored.snapshot_hash ? 'unchanged' : 'restore';
}

export function partFromRow(row: Record<string, unknown>): CotsPart {
  return {
    part_id: row.part_id as string,
    name: row.name as string,
    category: row.category as string,
    manufacturer: row.manufacturer as string,
    price: Number(row.price),
    weight_g: Number(row.weight_g),
    source: row.source as string,
    specs: row.specs as CotsPart['specs'],
  };
}

export const PART_COLUMNS = 'part_id, name, category, manufacturer, price, weight_g, source, specs';

/** The loaded catalog as Postgres holds it now, through `client` (a transaction's, for one snapshot). */
export async function readStored(client: pg.Pool | pg.PoolClient): Promise<Catalog & { snapshot_hash: string } | undefined> {
  const meta = await client.query('SELECT catalog_version, generated_at, snapshot_hash FROM cots_catalog ORDER BY seeded_at DESC LIMIT 1');
  const row = meta.rows[0];
  if (!row) return undefined;
  const parts = await client.query(`SELECT ${PART_COLUMNS} FROM cots_parts WHERE catalog_version = $1 ORDER BY part_id`, [row.catalog_version]);
  return { catalog_version: row.catalog_version, generated_at: row.generated_at, snapshot_hash: row.snapshot_hash, parts: parts.rows.map(partFromRow) };
}

export async function seedCatalog(pool: pg.Pool, catalog: Catalog): Promise<{ action: SeedAction; catalog_version: string; snapshot_hash: string; count: number }> {
  const hash = snapshotHash(catalog);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Two controllers starting on one database seed one after the other.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('workbench.cots_catalog'))");
    const stored = await readStored(client);
    const action = seedAction(
      { catalog_version: catalog.catalog_version, snapshot_hash: hash },
      stored && { catalog_version: stored.catalog_version, snapshot_hash: stored.snapshot_hash, rows_hash: snapshotHash(stored) },
    );
    if (action !== 'unchanged') {
      await client.query("SELECT set_config('workbench.cots_seeding', 'on', true)");
      await client.query('DELETE FROM cots_parts');
      await client.query('DELETE FROM cots_catalog');
      await client.query('INSERT INTO cots_catalog (catalog_version, generated_at, snapshot_hash, part_count) VALUES ($1, $2, $3, $4)', [
        catalog.catalog_version,
        catalog.generated_at,
        hash,
        catalog.parts.length,
      ]);
      const p = catalog.parts;
      await client.query(
        `INSERT INTO cots_parts (part_id, catalog_version, name, category, manufacturer, price, weight_g, source, specs)
         SELECT x.part_id, $1, x.name, x.category, x.manufacturer, x.price, x.weight_g, x.source, x.specs
         FROM jsonb_to_recordset($2::jsonb) AS x(part_id text, name text, category text, manufacturer text, price numeric, weight_g numeric, source text, specs jsonb)`,
        [catalog.catalog_version, JSON.stringify(p)],
      );
      // The rows must read back as exactly the file's catalog (numeric precision, JSON round trip).
      const back = await readStored(client);
      if (!back || snapshotHash(back) !== hash) throw new Error('COTS catalog: the seeded rows do not read back as the data file (precision?); nothing was changed');
    }
    await client.query('COMMIT');
    return { action, catalog_version: catalog.catalog_version, snapshot_hash: hash, count: catalog.parts.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
