import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { canonicalCatalog, parseCatalog, readCatalogFile, snapshotHash } from './catalog.ts';
import { searchParts } from './search.ts';
import { seedAction } from './seed.ts';
import { parseSearch, SearchParamError } from './store.ts';

const FILE = fileURLToPath(new URL('../../data/cots-catalog.yaml', import.meta.url));
const catalog = readCatalogFile(FILE);
const categories = [...new Set(catalog.parts.map((p) => p.category))].sort();

test('the catalog file: ≥ 40 parts, a version, and the three parts other fixtures rely on with their contract numbers', () => {
  expect(catalog.parts.length).toBeGreaterThanOrEqual(40);
  expect(catalog.catalog_version).toMatch(/\S/);
  expect(Date.parse(catalog.generated_at)).not.toBeNaN();
  const byId = new Map(catalog.parts.map((p) => [p.part_id, p]));
  expect(byId.get('FST-M5X16-SHCS')).toMatchObject({ price: 0.22, weight_g: 4.2, category: 'fastener' });
  expect(byId.get('MTR-NEMA17-40')).toMatchObject({ price: 14.9, weight_g: 280, category: 'motor' });
  expect(byId.get('BRG-608-2RS')).toMatchObject({ price: 1.1, weight_g: 12, category: 'bearing' });
  for (const c of ['fastener', 'motor', 'bearing', 'gear', 'belt', 'pulley', 'shaft', 'spring', 'wheel']) expect(categories).toContain(c);
});

test('snapshot hash: independent of part and key order, changes with any value', () => {
  const shuffled = { ...catalog, parts: [...catalog.parts].reverse().map((p) => Object.fromEntries(Object.entries(p).reverse()) as typeof p) };
  expect(snapshotHash(shuffled)).toBe(snapshotHash(catalog));
  expect(canonicalCatalog(shuffled)).toBe(canonicalCatalog(catalog));
  const cheaper = { ...catalog, parts: catalog.parts.map((p) => (p.part_id === 'BRG-608-2RS' ? { ...p, price: 1.09 } : p)) };
  expect(snapshotHash(cheaper)).not.toBe(snapshotHash(catalog));
  expect(snapshotHash(catalog)).toMatch(/^[0-9a-f]{64}$/);
});

test('expected failure: a malformed catalog file is refused with every problem named', () => {
  const bad = `catalog_version: "x"\ngenerated_at: yesterday\nextra: 1\nparts:\n  - { part_id: bad id, name: n, category: fastener, manufacturer: m, price: 0, weight_g: 1, source: s, specs: { a: 1 } }\n  - { part_id: A-1, name: n, category: fastener, manufacturer: m, price: 1, weight_g: 1, source: s, specs: { a: 1 }, colour: red }\n  - { part_id: A-1, name: n, category: fastener, manufacturer: m, price: 1, weight_g: 1, source: s, specs: { a: null } }\n`;
  let message = '';
  try {
    parseCatalog(bad);
  } catch (e) {
    message = (e as Error).message;
  }
  for (const expected of ['unknown top-level key "extra"', 'generated_at', 'parts[0].part_id', 'parts[0].price', 'parts[1]: unknown key "colour"', 'parts[2].part_id A-1 is listed twice', 'parts[2].specs.a'])
    expect(message).toContain(expected);
});

test('seeding decision: new or other version → seed; same content → unchanged; tampered rows → restore; same version, new content → refused', () => {
  const file = { catalog_version: 'v1', snapshot_hash: 'a'.repeat(64) };
  expect(seedAction(file, undefined)).toBe('seed');
  expect(seedAction(file, { catalog_version: 'v0', snapshot_hash: 'b'.repeat(64), rows_hash: 'b'.repeat(64) })).toBe('seed');
  expect(seedAction(file, { catalog_version: 'v1', snapshot_hash: 'a'.repeat(64), rows_hash: 'a'.repeat(64) })).toBe('unchanged');
  expect(seedAction(file, { catalog_version: 'v1', snapshot_hash: 'a'.repeat(64), rows_hash: 'c'.repeat(64) })).toBe('restore');
  expect(() => seedAction(file, { catalog_version: 'v1', snapshot_hash: 'b'.repeat(64), rows_hash: 'b'.repeat(64) })).toThrow(/new catalog_version/);
});

test('search: terms ANDed over name/specs/category, filters inclusive, each hit explains its fit', () => {
  const steppers = searchParts(catalog.parts, { q: 'NEMA 17 stepper', limit: 10 });
  expect(steppers.results.map((r) => r.part_id).sort()).toEqual(['MTR-NEMA17-40', 'MTR-NEMA17-48']);
  const cheap = searchParts(catalog.parts, { q: 'nema stepper', max_price: 14.9, limit: 10 });
  expect(cheap.results.map((r) => r.part_id)).toEqual(['MTR-NEMA17-40']);
  expect(cheap.results[0]!.fit_rationale).toContain('price 14.90 USD ≤ max_price 14.9');
  expect(cheap.results[0]!.fit_rationale).toMatch(/"nema" in part_id, name, specs.frame_size/);
  const bearings = searchParts(catalog.parts, { q: 'bearings', category: 'bearing', max_weight_g: 12, limit: 10 });
  expect(bearings.results.map((r) => r.part_id).sort()).toEqual(['BRG-608-2RS', 'BRG-625-ZZ']);
  expect(searchParts(catalog.parts, { q: 'M5×16', limit: 10 }).results[0]!.part_id).toBe('FST-M5X16-SHCS');
  expect(searchParts(catalog.parts, { category: 'gear', limit: 2 })).toMatchObject({ total_matches: 5, results: [{}, {}] });
});

test('expected failure: no match names the term or the filter that excluded the parts', () => {
  const unknownTerm = searchParts(catalog.parts, { q: 'flux capacitor', limit: 10 });
  expect(unknownTerm.results).toEqual([]);
  expect(unknownTerm.no_match_rationale).toMatch(/no part has a token starting with "flux" or "capacitor"/);
  const tooCheap = searchParts(catalog.parts, { q: 'stepper', max_price: 1, limit: 10 });
  expect(tooCheap.no_match_rationale).toMatch(/3 parts match q="stepper"; max_price=1 alone excludes all 3 of them \(the cheapest is MTR-NEMA17-40 at 14.90 USD\)/);
  expect(tooCheap.excluded_by).toEqual({ q: catalog.parts.length - 3, max_price: 3 });
  const wrongCategory = searchParts(catalog.parts, { q: '608', category: 'gear', limit: 10 });
  expect(wrongCategory.no_match_rationale).toMatch(/category=gear alone excludes all \d+ of them \(they are bearing/);
});

test('expected failure: bad search parameters are refused naming the parameter', () => {
  const refuse = (raw: Record<string, unknown>) => {
    try {
      parseSearch(raw, categories);
    } catch (e) {
      if (e instanceof SearchParamError) return e.field;
    }
    return 'accepted';
  };
  expect(refuse({ max_price: 'cheap' })).toBe('querystring.max_price');
  expect(refuse({ max_price: '-1' })).toBe('querystring.max_price');
  expect(refuse({ max_weight_g: '0' })).toBe('querystring.max_weight_g');
  expect(refuse({ category: 'spaceship' })).toBe('querystring.category');
  expect(refuse({ limit: '0' })).toBe('querystring.limit');
  expect(refuse({ limit: '51' })).toBe('querystring.limit');
  expect(refuse({ q: 'x'.repeat(201) })).toBe('querystring.q');
  expect(refuse({ q: 'motor', category: 'motor', max_price: '20.5', max_weight_g: 300, limit: 5 })).toBe('accepted');
});

test('search_cots is offered to the planner and the coder, not the reviewer', async () => {
  const { toolsFor } = await import('../agent/tools.ts');
  const names = (role: 'planner' | 'coder' | 'reviewer') => toolsFor(role).map((t) => t.function.name);
  expect(names('planner')).toContain('search_cots');
  expect(names('coder')).toContain('search_cots');
  expect(names('reviewer')).not.toContain('search_cots');
});
