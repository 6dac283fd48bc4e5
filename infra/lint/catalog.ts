// Reads specs/integration-tests.md: one table row per INT ID.
export interface CatalogEntry {
  id: string;
  priority: 'p0' | 'p1' | 'p2';
  phase: string;
  /** A spec file path, or `deferred: <reason>`. */
  status: string;
}

export function parseCatalog(markdown: string): Map<string, CatalogEntry> {
  const catalog = new Map<string, CatalogEntry>();
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // ['', id, priority, phase, text, status, '']
    if (cells.length < 7 || !/^INT-\d{3}$/.test(cells[1]!)) continue;
    const [, id, priority, phase, , status] = cells as [string, string, string, string, string, string];
    if (!/^p[012]$/.test(priority)) throw new Error(`catalog row ${id}: priority "${priority}" is not p0, p1 or p2`);
    if (catalog.has(id)) throw new Error(`catalog lists ${id} twice`);
    catalog.set(id, { id, priority: priority as CatalogEntry['priority'], phase, status });
  }
  return catalog;
}

export const isDeferred = (entry: CatalogEntry) => entry.status.startsWith('deferred');
