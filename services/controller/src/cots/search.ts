// COTS search over one catalog snapshot (pure; the store hands it the parts it read from Postgres).
//
// Query terms are ANDed: every term of `q` must match a token of the part (its ID, name,
// category, manufacturer, spec keys or values) by prefix, plurals folded ("bearings" → "bearing").
// Filters (category, max_price, max_weight_g) are inclusive. Ranking: the sum over terms of the
// best field weight a term hit (ID 4, name 3, category 3, manufacturer 2, specs 1; +1 for an exact
// token), then cheaper first, then part_id. Each result says why it fits; an empty answer says
// which term or filter excluded what (INT-013).
import type { CotsPart } from './catalog.ts';

export interface SearchQuery {
  q?: string;
  category?: string;
  max_price?: number;
  max_weight_g?: number;
  limit: number;
}

export interface SearchHit extends CotsPart {
  fit_rationale: string;
  score: number;
}

export interface ExcludedBy {
  q?: number;
  category?: number;
  max_price?: number;
  max_weight_g?: number;
}

export interface SearchAnswer {
  results: SearchHit[];
  /** Parts matching everything, before `limit`. */
  total_matches: number;
  no_match_rationale?: string;
  /** For an empty answer: how many parts each criterion alone excluded. */
  excluded_by?: ExcludedBy;
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 50;

/** Lower case, diacritics and the multiplication sign folded: "M5×16 Würth" → "m5x16 wurth". */
export function normalize(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/×/g, 'x').toLowerCase();
}

export const tokens = (s: string) => normalize(s).split(/[^a-z0-9]+/).filter(Boolean);

/** Query terms: tokens of q, deduplicated, in order. */
export const queryTerms = (q: string | undefined) => [...new Set(tokens(q ?? ''))];

const FIELD_WEIGHTS = { part_id: 4, name: 3, category: 3, manufacturer: 2, specs: 1 } as const;
type Field = keyof typeof FIELD_WEIGHTS;

interface TermHit {
  term: string;
  /** Where it matched: `name`, `specs.frame_size`, … */
  where: string[];
  score: number;
}

const singular = (t: string) => (t.length > 3 && t.endsWith('s') && !t.endsWith('ss') ? t.slice(0, -1) : t);

function tokenMatch(term: string, token: string): 0 | 1 | 2 {
  if (token === term || token === singular(term)) return 2;
  if (token.startsWith(term) || token.startsWith(singular(term))) return 1;
  return 0;
}

function fieldsOf(part: CotsPart): { field: Field; label: string; toks: string[] }[] {
  return [
    { field: 'part_id', label: 'part_id', toks: tokens(part.part_id) },
    { field: 'name', label: 'name', toks: tokens(part.name) },
    { field: 'category', label: 'category', toks: tokens(part.category.replace(/_/g, ' ')) },
    { field: 'manufacturer', label: 'manufacturer', toks: tokens(part.manufacturer) },
    ...Object.entries(part.specs).map(([k, v]) => ({ field: 'specs' as const, label: `specs.${k}`, toks: [...tokens(k.replace(/_/g, ' ')), ...tokens(String(v))] })),
  ];
}

function matchTerm(part: CotsPart, term: string): TermHit | undefined {
  let best = 0;
  const where: string[] = [];
  for (const f of fieldsOf(part)) {
    const m = Math.max(0, ...f.toks.map((t) => tokenMatch(term, t)));
    if (!m) continue;
    where.push(f.label);
    best = Math.max(best, FIELD_WEIGHTS[f.field] + (m === 2 ? 1 : 0));
  }
  return where.length ? { term, where, score: best } : undefined;
}

const usd = (n: number) => `${n.toFixed(2)} USD`;
const grams = (n: number) => `${n} g`;
const quote = (s: string) => JSON.stringify(s);
const plural = (n: number, word: string) => `${n} part${n === 1 ? '' : 's'}${word ? ` ${word}` : ''}`;

function rationale(hits: TermHit[], part: CotsPart, query: SearchQuery): string {
  const reasons: string[] = [];
  if (hits.length) reasons.push(`matches ${hits.map((h) => `${quote(h.term)} in ${h.where.slice(0, 3).join(', ')}${h.where.length > 3 ? ', …' : ''}`).join('; ')}`);
  if (query.category !== undefined) reasons.push(`category is ${part.category}`);
  if (query.max_price !== undefined) reasons.push(`price ${usd(part.price)} ≤ max_price ${query.max_price}`);
  if (query.max_weight_g !== undefined) reasons.push(`weight ${grams(part.weight_g)} ≤ max_weight_g ${query.max_weight_g}`);
  if (!reasons.length) return `no query or filter given: listed by price (${usd(part.price)}, ${grams(part.weight_g)})`;
  return `${reasons.join('; ')}`;
}

export function searchParts(parts: readonly CotsPart[], query: SearchQuery): SearchAnswer {
  const terms = queryTerms(query.q);
  const scored: { part: CotsPart; hits: TermHit[] }[] = [];
  for (const part of parts) {
    const hits = terms.map((t) => matchTerm(part, t));
    if (hits.every(Boolean)) scored.push({ part, hits: hits as TermHit[] });
  }
  const passCategory = (p: CotsPart) => query.category === undefined || p.category === query.category;
  const passPrice = (p: CotsPart) => query.max_price === undefined || p.price <= query.max_price;
  const passWeight = (p: CotsPart) => query.max_weight_g === undefined || p.weight_g <= query.max_weight_g;
  const matched = scored.filter(({ part }) => passCategory(part) && passPrice(part) && passWeight(part));
  const score = (hits: TermHit[]) => hits.reduce((s, h) => s + h.score, 0);
  matched.sort((a, b) => score(b.hits) - score(a.hits) || a.part.price - b.part.price || (a.part.part_id < b.part.part_id ? -1 : 1));
  const results = matched.slice(0, query.limit).map(({ part, hits }) => ({ ...part, score: score(hits), fit_rationale: rationale(hits, part, query) }));
  if (matched.length) return { results, total_matches: matched.length };
  const { text, excluded } = noMatch(parts, scored.map((s) => s.part), terms, query, { passCategory, passPrice, passWeight });
  return { results: [], total_matches: 0, no_match_rationale: text, excluded_by: excluded };
}

function noMatch(
  all: readonly CotsPart[],
  textMatched: CotsPart[],
  terms: string[],
  query: SearchQuery,
  pass: { passCategory: (p: CotsPart) => boolean; passPrice: (p: CotsPart) => boolean; passWeight: (p: CotsPart) => boolean },
): { text: string; excluded: ExcludedBy } {
  const excluded: ExcludedBy = {};
  const sentences: string[] = [];
  let pool: readonly CotsPart[] = all;
  if (terms.length) {
    excluded.q = all.length - textMatched.length;
    if (!textMatched.length) {
      const perTerm = terms.map((t) => ({ t, n: all.filter((p) => matchTerm(p, t)).length }));
      const none = perTerm.filter((x) => x.n === 0);
      sentences.push(
        none.length
          ? `q=${quote(query.q ?? '')} excluded all ${all.length} catalog parts: no part has a token starting with ${none.map((x) => quote(x.t)).join(' or ')} in its part_id, name, category, manufacturer or specs`
          : `q=${quote(query.q ?? '')} excluded all ${all.length} catalog parts: each term matches some part (${perTerm.map((x) => `${quote(x.t)}: ${plural(x.n, '')}`).join(', ')}) but no part matches all of them`,
      );
      return { text: `No match. ${sentences.join('. ')}.`, excluded };
    }
    sentences.push(`${plural(textMatched.length, `match q=${quote(query.q ?? '')}`)}`);
    pool = textMatched;
  } else {
    sentences.push(`the catalog has ${plural(all.length, '')}`);
  }
  const filters: { key: keyof ExcludedBy; value: unknown; pass: (p: CotsPart) => boolean; why: (left: readonly CotsPart[]) => string }[] = [];
  if (query.category !== undefined) {
    const cats = [...new Set(pool.map((p) => p.category))].sort();
    filters.push({ key: 'category', value: query.category, pass: pass.passCategory, why: () => `they are ${cats.join(', ')}` });
  }
  if (query.max_price !== undefined) {
    filters.push({
      key: 'max_price',
      value: query.max_price,
      pass: pass.passPrice,
      why: (left) => {
        const cheapest = [...left].sort((a, b) => a.price - b.price)[0];
        return cheapest ? `the cheapest is ${cheapest.part_id} at ${usd(cheapest.price)}` : '';
      },
    });
  }
  if (query.max_weight_g !== undefined) {
    filters.push({
      key: 'max_weight_g',
      value: query.max_weight_g,
      pass: pass.passWeight,
      why: (left) => {
        const lightest = [...left].sort((a, b) => a.weight_g - b.weight_g)[0];
        return lightest ? `the lightest is ${lightest.part_id} at ${grams(lightest.weight_g)}` : '';
      },
    });
  }
  for (const f of filters) {
    const out = pool.filter((p) => !f.pass(p));
    excluded[f.key] = out.length;
    const why = out.length ? f.why(out) : '';
    sentences.push(`${f.key}=${f.value} alone excludes ${out.length === pool.length ? 'all ' : ''}${out.length} of them${why ? ` (${why})` : ''}`);
  }
  const killers = filters.filter((f) => pool.every((p) => !f.pass(p)));
  if (!killers.length && filters.length > 1) sentences.push(`no single filter excludes all, but together ${filters.map((f) => f.key).join(' and ')} leave none`);
  return { text: `No match. ${sentences.join('; ')}.`, excluded };
}
