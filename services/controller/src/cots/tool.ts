// The agent's `search_cots` tool: the same search as GET /cots/search, in process, on the same
// read-only store. The model gets the catalog version and snapshot hash with the parts; the
// `cots_search` event (persisted as an `event` trace) carries the query, the filters, the catalog
// version, generated_at, the snapshot hash and the result IDs, so the run can be reproduced
// against exactly that catalog content (INT-064).
import { cotsStore, type RawSearch } from './store.ts';

export interface CotsSearchEvent {
  event_type: 'cots_search';
  query: string | null;
  filters: { category?: string; max_price?: number; max_weight_g?: number; limit: number };
  catalog_version: string;
  generated_at: string;
  snapshot_hash: string;
  result_ids: string[];
  total_matches: number;
  no_match_rationale?: string;
  [key: string]: unknown;
}

/** Bad arguments throw a SearchParamError naming the argument (`arguments.max_price …`); the tool runner turns it into the model's ERROR text. */
const ARGS = ['q', 'category', 'max_price', 'max_weight_g', 'limit'];

export async function searchCotsTool(args: Record<string, unknown>): Promise<{ output: unknown; event: CotsSearchEvent }> {
  const unknown = Object.keys(args).filter((k) => !ARGS.includes(k));
  if (unknown.length) throw new Error(`unknown argument${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}: search_cots takes ${ARGS.join(', ')}`);
  const answer = await cotsStore().search(args as RawSearch, 'arguments');
  const { q, ...filters } = answer.query;
  const output = {
    catalog_version: answer.catalog_version,
    generated_at: answer.generated_at,
    snapshot_hash: answer.snapshot_hash,
    total_matches: answer.total_matches,
    results: answer.results.map((r) => ({
      part_id: r.part_id,
      name: r.name,
      category: r.category,
      manufacturer: r.manufacturer,
      specs: r.specs,
      price: r.price,
      weight_g: r.weight_g,
      source: r.source,
      fit_rationale: r.fit_rationale,
    })),
    ...(answer.no_match_rationale ? { no_match_rationale: answer.no_match_rationale, excluded_by: answer.excluded_by } : {}),
  };
  const event: CotsSearchEvent = {
    event_type: 'cots_search',
    query: q ?? null,
    filters,
    catalog_version: answer.catalog_version,
    generated_at: answer.generated_at,
    snapshot_hash: answer.snapshot_hash,
    result_ids: answer.results.map((r) => r.part_id),
    total_matches: answer.total_matches,
    ...(answer.no_match_rationale ? { no_match_rationale: answer.no_match_rationale } : {}),
  };
  return { output, event };
}
