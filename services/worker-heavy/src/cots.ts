// The COTS catalog as the heavy worker sees it: a client of the controller's read-only catalog
// (GET /cots/parts?ids=…), used by pricing to price `cots_parts` lines of assembly_definition.yaml
// and to refuse an unknown ID or a unit_price that differs from the catalog.
//
// Configuration is read at call time, not at start-up: COTS_CATALOG_URL (the controller's base
// URL) and CONTROLLER_API_KEY. The worker starts and serves everything else without the
// controller; only pricing COTS lines needs it, and then an unreachable or misconfigured
// controller is a CotsUnavailable error, never a silent price of 0.

import type { CotsPart } from '../../shared/src/schemas.ts';

export type { CotsPart };

/** The catalog could not be asked (not configured, unreachable, timed out, or it refused us). */
export class CotsUnavailable extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'CotsUnavailable';
  }
}

export interface LookupOptions {
  /** Default: COTS_CATALOG_URL. */
  baseUrl?: string;
  /** Default: CONTROLLER_API_KEY. */
  apiKey?: string;
  timeoutMs?: number;
}

/** IDs per request (the controller's limit). */
const BATCH = 100;

interface PartsAnswer {
  catalog_version: string;
  snapshot_hash: string;
  parts: CotsPart[];
  unknown: string[];
}

/**
 * The catalog parts among `ids` (unknown IDs are simply absent from `parts`: the caller names
 * them, e.g. COTS_UNKNOWN_PART) and the catalog version they were read from. No IDs → no request.
 */
export async function lookupCotsParts(ids: string[], options: LookupOptions = {}): Promise<{ parts: Map<string, CotsPart>; catalog_version: string; snapshot_hash?: string }> {
  const wanted = [...new Set(ids)];
  const parts = new Map<string, CotsPart>();
  if (!wanted.length) return { parts, catalog_version: '' };
  const baseUrl = options.baseUrl ?? process.env.COTS_CATALOG_URL;
  const apiKey = options.apiKey ?? process.env.CONTROLLER_API_KEY;
  if (!baseUrl) throw new CotsUnavailable('the COTS catalog is not configured: COTS_CATALOG_URL (the controller URL) is not set on the heavy worker');
  let version: string | undefined;
  let hash: string | undefined;
  for (let i = 0; i < wanted.length; i += BATCH) {
    const batch = wanted.slice(i, i + BATCH);
    const url = `${baseUrl.replace(/\/+$/, '')}/cots/parts?ids=${encodeURIComponent(batch.join(','))}`;
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) }, signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new CotsUnavailable(`the COTS catalog at ${baseUrl} cannot be reached (${code}): COTS parts cannot be priced now`, error);
    }
    const text = await res.text();
    if (!res.ok) throw new CotsUnavailable(`the COTS catalog at ${baseUrl} answered HTTP ${res.status}: ${text.slice(0, 300)}`);
    let body: PartsAnswer;
    try {
      body = JSON.parse(text) as PartsAnswer;
    } catch (error) {
      throw new CotsUnavailable(`the COTS catalog at ${baseUrl} answered something that is not JSON`, error);
    }
    if (version !== undefined && (body.catalog_version !== version || body.snapshot_hash !== hash)) {
      throw new CotsUnavailable(`the COTS catalog changed while it was being read (${version} → ${body.catalog_version}); try again`);
    }
    version = body.catalog_version;
    hash = body.snapshot_hash;
    for (const part of body.parts) parts.set(part.part_id, part);
  }
  return { parts, catalog_version: version ?? '', ...(hash ? { snapshot_hash: hash } : {}) };
}
