// The COTS catalog (issue 15 item 7): read-only search over the Postgres catalog seeded from
// services/controller/data/cots-catalog.yaml, the agent's search_cots tool, and the chosen
// parts' IDs and prices in the planner's files. Every expectation below is computed from the
// catalog rows in Postgres (the `db` fixture), not copied from the data file.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { expectServiceErrors, test, expect } from '../fixtures/workbench.ts';
import { completedRun, tracesOf, type Episode } from '../fixtures/workbench/controller.ts';
import { sessionHeaders } from './support/session.ts';
import type { APIRequestContext } from '@playwright/test';
import type pg from 'pg';

interface Part {
  part_id: string;
  name: string;
  category: string;
  manufacturer: string;
  price: number;
  weight_g: number;
  source: string;
  specs: Record<string, string | number | boolean>;
}

const MUTATING = ['post', 'put', 'patch', 'delete'] as const;
const CATALOG_PATHS = ['/cots/search', '/cots/catalog', '/cots/parts', '/cots/parts/BRG-608-2RS', '/cots/parts/NEW-PART', '/cots/anything/else'];

/** The catalog rows exactly as Postgres holds them (numbers as numbers). */
async function catalogRows(db: pg.Pool): Promise<Part[]> {
  const { rows } = await db.query('SELECT part_id, name, category, manufacturer, price, weight_g, source, specs FROM cots_parts ORDER BY part_id');
  return rows.map((r) => ({ ...r, price: Number(r.price), weight_g: Number(r.weight_g) }));
}

async function catalogInfo(controller: APIRequestContext) {
  const res = await controller.get('/cots/catalog');
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

async function search(controller: APIRequestContext, params: Record<string, string | number>) {
  const res = await controller.get('/cots/search', { params });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

const ids = (results: { part_id: string }[]) => results.map((r) => r.part_id).sort();
const words = (p: Part) => `${p.part_id} ${p.name} ${p.category} ${p.manufacturer} ${Object.entries(p.specs).flat().join(' ')}`.toLowerCase();

/** The tool results the planner read back from search_cots, in call order. */
function searchOutputs(episode: Episode) {
  return tracesOf(episode, 'tool_end', 'search_cots').filter((t) => t.metadata.ok === true).map((t) => JSON.parse(t.content!) as { catalog_version: string; snapshot_hash: string; results: (Part & { fit_rationale: string })[]; no_match_rationale?: string });
}

test.describe('COTS catalog', () => {
  test('INT-012 COTS search queries the catalog with query, category, price and weight filters, and no route or SQL statement can change it', { tag: ['@p0', '@INT-012'] }, async ({
    controller,
    api,
    db,
  }) => {
    const rows = await catalogRows(db);
    const before = await catalogInfo(controller);

    await test.step('the catalog is loaded: ≥ 40 parts, the rows Postgres holds are what /cots/catalog counts', async () => {
      expect(rows.length).toBeGreaterThanOrEqual(40);
      expect(before.count).toBe(rows.length);
      expect(before.snapshot_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    await test.step('each filter, alone and combined, answers exactly the subset of the rows it describes', async () => {
      const cases: { params: Record<string, string | number>; expected: (p: Part) => boolean }[] = [
        { params: { category: 'bearing', limit: 50 }, expected: (p) => p.category === 'bearing' },
        { params: { category: 'fastener', max_price: '0.1', limit: 50 }, expected: (p) => p.category === 'fastener' && p.price <= 0.1 },
        { params: { max_weight_g: '5', limit: 50 }, expected: (p) => p.weight_g <= 5 },
        { params: { q: 'stepper', max_price: '15', limit: 50 }, expected: (p) => /stepper/.test(words(p)) && p.price <= 15 },
        { params: { q: 'bearing', category: 'bearing', max_weight_g: '12', limit: 50 }, expected: (p) => p.category === 'bearing' && p.weight_g <= 12 },
        { params: { category: 'motor', max_price: '20', max_weight_g: '300', limit: 50 }, expected: (p) => p.category === 'motor' && p.price <= 20 && p.weight_g <= 300 },
      ];
      for (const { params, expected } of cases) {
        const want = rows.filter(expected).map((p) => p.part_id).sort();
        expect(want.length, `the case ${JSON.stringify(params)} selects something`).toBeGreaterThan(0);
        expect(want.length, `the case ${JSON.stringify(params)} excludes something`).toBeLessThan(rows.length);
        const body = await search(controller, params);
        expect(ids(body.results), JSON.stringify(params)).toEqual(want);
        expect(body.total_matches).toBe(want.length);
      }
      // The text query ranks: the M5×16 screw first for its own designation; limit cuts the list.
      expect((await search(controller, { q: 'M5x16 socket head' })).results[0].part_id).toBe('FST-M5X16-SHCS');
      expect((await search(controller, { q: 'NEMA 17 stepper', max_price: '15' })).results.map((r: Part) => r.part_id)).toEqual(['MTR-NEMA17-40']);
      const limited = await search(controller, { category: 'fastener', limit: 3 });
      expect(limited.results).toHaveLength(3);
      expect(limited.total_matches).toBe(rows.filter((p) => p.category === 'fastener').length);
    });

    await test.step('expected failure: a bad filter is a 400 naming the parameter; no key is a 401', async () => {
      for (const [params, field] of [
        [{ max_price: 'cheap' }, 'querystring.max_price'],
        [{ max_price: '-3' }, 'querystring.max_price'],
        [{ max_weight_g: '0' }, 'querystring.max_weight_g'],
        [{ category: 'spaceship' }, 'querystring.category'],
        [{ limit: '0' }, 'querystring.limit'],
        [{ limit: '500' }, 'querystring.limit'],
      ] as const) {
        const res = await controller.get('/cots/search', { params });
        expect(res.status(), JSON.stringify(params)).toBe(400);
        const body = await res.json();
        expect(body).toMatchObject({ error: 'validation_failed', field });
        expect(body.message).toContain(field);
      }
      expect((await (await controller.get('/cots/search', { params: { category: 'spaceship' } })).json()).message).toContain('bearing');
      expect((await api('controller').get('/cots/search?q=motor')).status()).toBe(401);
    });

    await test.step('expected failure: every mutating method on every catalog path is refused with 405 (Allow: GET)', async () => {
      for (const url of CATALOG_PATHS) {
        for (const method of MUTATING) {
          const res = await controller[method](url, { data: { part_id: 'BRG-608-2RS', price: 0.01, name: 'hijacked' } });
          expect(res.status(), `${method.toUpperCase()} ${url}`).toBe(405);
          expect(res.headers().allow).toBe('GET');
          expect((await res.json()).message).toContain('read-only');
        }
      }
      // Without a key the refusal is the auth one: nothing reaches the catalog either way.
      expect((await api('controller').delete('/cots/parts/BRG-608-2RS')).status()).toBe(401);
    });

    await test.step('expected failure: SQL writes straight to the tables fail in Postgres (the read-only guard), even as the database owner', async () => {
      for (const sql of [
        "UPDATE cots_parts SET price = 0.01 WHERE part_id = 'BRG-608-2RS'",
        "DELETE FROM cots_parts WHERE part_id = 'BRG-608-2RS'",
        "INSERT INTO cots_parts (part_id, catalog_version, name, category, manufacturer, price, weight_g, source, specs) SELECT 'FAKE-1', catalog_version, 'fake', 'motor', 'x', 1, 1, 'x', '{}' FROM cots_catalog",
        'TRUNCATE cots_parts, cots_catalog',
        "UPDATE cots_catalog SET snapshot_hash = repeat('0', 64)",
      ]) {
        await expect(db.query(sql), sql).rejects.toThrow(/the COTS catalog is read-only: (UPDATE|DELETE|INSERT|TRUNCATE) on cots_(parts|catalog) refused/);
      }
    });

    await test.step('nothing changed: the same rows, the same snapshot hash, the 608 bearing still at its price', async () => {
      expect(await catalogRows(db)).toEqual(rows);
      expect(await catalogInfo(controller)).toEqual(before);
      const part = await (await controller.get('/cots/parts/BRG-608-2RS')).json();
      expect(part).toMatchObject({ part_id: 'BRG-608-2RS', price: rows.find((p) => p.part_id === 'BRG-608-2RS')!.price, snapshot_hash: before.snapshot_hash });
    });
  });

  test('INT-013 COTS results carry part ID, manufacturer, specs, price, source and a fit rationale, or an explicit no-match rationale', { tag: ['@p0', '@INT-013'] }, async ({
    controller,
    db,
    sessionId,
  }) => {
    const rows = await catalogRows(db);
    const byId = new Map(rows.map((p) => [p.part_id, p]));

    await test.step('each HTTP result is the catalog row plus a rationale naming the matched terms and the filters it passes', async () => {
      const body = await search(controller, { q: 'NEMA 17 stepper', category: 'motor', max_price: '20', max_weight_g: '300' });
      expect(body.results.length).toBeGreaterThan(0);
      for (const r of body.results) {
        const { fit_rationale, score, ...part } = r;
        expect(part).toEqual(byId.get(r.part_id));
        expect(score).toBeGreaterThan(0);
        for (const text of ['"nema"', '"17"', '"stepper"', 'category is motor', `price ${r.price.toFixed(2)} USD ≤ max_price 20`, `weight ${r.weight_g} g ≤ max_weight_g 300`]) expect(fit_rationale).toContain(text);
      }
    });

    await test.step('expected failure: no match says which term or filter excluded what', async () => {
      const steppers = rows.filter((p) => /stepper/.test(words(p)));
      const cheapest = [...steppers].sort((a, b) => a.price - b.price)[0]!;
      const tooCheap = await search(controller, { q: 'stepper', max_price: '5' });
      expect(tooCheap.results).toEqual([]);
      expect(tooCheap.no_match_rationale).toContain(`${steppers.length} parts match q="stepper"`);
      expect(tooCheap.no_match_rationale).toContain(`max_price=5 alone excludes all ${steppers.length} of them (the cheapest is ${cheapest.part_id} at ${cheapest.price.toFixed(2)} USD)`);
      expect(tooCheap.excluded_by).toEqual({ q: rows.length - steppers.length, max_price: steppers.length });
      const unknown = await search(controller, { q: 'flux capacitor' });
      expect(unknown.results).toEqual([]);
      expect(unknown.no_match_rationale).toContain('no part has a token starting with "flux" or "capacitor"');
      const wrongCategory = await search(controller, { q: '608', category: 'gear' });
      expect(wrongCategory.no_match_rationale).toMatch(/category=gear alone excludes all 1 of them \(they are bearing\)/);
    });

    await test.step('the agent\'s search_cots tool gives the model the same fields, and the no-match rationale', async () => {
      const episode = await completedRun(controller, sessionId, 'Design a stepper-driven arm; pick catalog parts');
      const [match, noMatch, screws] = searchOutputs(episode);
      expect(match!.results.map((r) => r.part_id)).toContain('MTR-NEMA17-40');
      for (const r of [...match!.results, ...screws!.results]) {
        for (const key of ['part_id', 'manufacturer', 'specs', 'price', 'source', 'fit_rationale'] as const) expect(r[key], `${r.part_id}.${key}`).toBeTruthy();
        expect({ ...r, fit_rationale: undefined }).toMatchObject({ ...byId.get(r.part_id) });
      }
      expect(noMatch!.results).toEqual([]);
      expect(noMatch!.no_match_rationale).toMatch(/max_price=5 alone excludes all \d+ of them/);
      // Expected failure: a bad argument comes back to the model as an ERROR naming it (the tool does not guess).
      const refused = tracesOf(episode, 'tool_end', 'search_cots').filter((t) => t.metadata.ok !== true);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.metadata).toMatchObject({ is_error: true });
      expect(refused[0]!.content).toBe('ERROR: arguments.max_price must be a positive number (got -1)');
    });
  });

  test('INT-014 chosen COTS part IDs and catalog prices propagate into plan.md and assembly_definition.yaml', { tag: ['@p0', '@INT-014'] }, async ({
    controller,
    workerLight,
    db,
    sessionId,
  }) => {
    const rows = await catalogRows(db);
    const byId = new Map(rows.map((p) => [p.part_id, p]));
    const episode = await test.step('a planner run searches the catalog and writes its files', () => completedRun(controller, sessionId, 'Design a stepper-driven arm; pick catalog parts'));
    const read = async (file: string) => {
      const res = await workerLight.post('/fs/read', { headers: sessionHeaders(sessionId), data: { path: file } });
      expect(res.status(), `${file}: ${await res.text()}`).toBe(200);
      return (await res.json()).content as string;
    };

    await test.step('every COTS line of assembly_definition.yaml names a part the searches returned, at its catalog price, and plan.md names it with that price', async () => {
      const seen = new Map(searchOutputs(episode).flatMap((o) => o.results.map((r) => [r.part_id, r.price] as const)));
      const definition = parseYaml(await read('assembly_definition.yaml')) as { cots_parts: { part_id: string; quantity: number; unit_price: number }[] };
      const plan = await read('plan.md');
      expect(definition.cots_parts.map((l) => l.part_id).sort()).toEqual(['FST-M5X16-SHCS', 'MTR-NEMA17-40']);
      for (const line of definition.cots_parts) {
        expect(seen.get(line.part_id), `${line.part_id} came from a search result`).toBe(byId.get(line.part_id)!.price);
        expect(line.unit_price, `${line.part_id} unit_price`).toBe(byId.get(line.part_id)!.price);
        expect(plan).toContain(line.part_id);
        expect(plan).toContain(line.unit_price.toFixed(2));
      }
    });

    await test.step('the lookup the heavy worker prices COTS lines with answers catalog prices by ID and lists unknown IDs (what COTS_UNKNOWN_PART is built on)', async () => {
      const res = await controller.get('/cots/parts', { params: { ids: 'MTR-NEMA17-40,FST-M5X16-SHCS,NOT-A-PART' } });
      expect(res.status()).toBe(200);
      const body = await res.json();
      expect(body.parts.map((p: Part) => [p.part_id, p.price])).toEqual([
        ['MTR-NEMA17-40', byId.get('MTR-NEMA17-40')!.price],
        ['FST-M5X16-SHCS', byId.get('FST-M5X16-SHCS')!.price],
      ]);
      expect(body.unknown).toEqual(['NOT-A-PART']);
      const missing = await controller.get('/cots/parts/NOT-A-PART');
      expect(missing.status()).toBe(404);
      expect(await missing.json()).toMatchObject({ error: 'not_found', field: 'params.part_id', message: expect.stringContaining('NOT-A-PART') });
      expect((await controller.get('/cots/parts', { params: { ids: ',' } })).status()).toBe(400);
    });
  });

  test('INT-064 COTS reproducibility: catalog version, generated_at and snapshot hash in /cots/catalog and in the run\'s cots_search events, stable across a controller restart', { tag: ['@p1', '@INT-064'] }, async ({
    controller,
    db,
    stack,
    sessionId,
  }, testInfo) => {
    const info = await catalogInfo(controller);

    await test.step('/cots/catalog names the loaded version, when its data was generated, and the hash of the rows', async () => {
      const { rows } = await db.query('SELECT catalog_version, generated_at, snapshot_hash, part_count FROM cots_catalog');
      expect(rows).toEqual([{ catalog_version: info.catalog_version, generated_at: info.generated_at, snapshot_hash: info.snapshot_hash, part_count: info.count }]);
      expect(Date.parse(info.generated_at)).not.toBeNaN();
    });

    await test.step('each search_cots call of a run is persisted as a cots_search event with the query, filters, catalog version, generated_at, hash and result IDs', async () => {
      const episode = await completedRun(controller, sessionId, 'Design a stepper-driven arm; pick catalog parts');
      const events = tracesOf(episode, 'event', 'cots_search');
      expect(events).toHaveLength(3);
      for (const e of events) expect(e.metadata).toMatchObject({ catalog_version: info.catalog_version, generated_at: info.generated_at, snapshot_hash: info.snapshot_hash, source: 'controller' });
      expect(events[0]!.metadata).toMatchObject({ query: 'NEMA 17 stepper', filters: { category: 'motor', max_price: 20, max_weight_g: 300, limit: 10 }, result_ids: ['MTR-NEMA17-40'] });
      expect(events[1]!.metadata).toMatchObject({ query: 'stepper', filters: { category: 'motor', max_price: 5 }, result_ids: [], total_matches: 0, no_match_rationale: expect.stringContaining('max_price=5') });
      // The result IDs are what the search answers now for the same query on the same snapshot.
      const again = await search(controller, { q: 'NEMA 17 stepper', category: 'motor', max_price: '20', max_weight_g: '300' });
      expect(again.results.map((r: Part) => r.part_id)).toEqual(events[0]!.metadata.result_ids);
      const stored = await db.query("SELECT count(*)::int AS n FROM traces WHERE episode_id = $1 AND name = 'cots_search' AND metadata->>'snapshot_hash' = $2", [episode.id, info.snapshot_hash]);
      expect(stored.rows[0].n).toBe(3);
    });

    await test.step('a restarted controller finds the same version and hash and changes nothing', async () => {
      test.skip(stack.mode === 'attach', 'restarting the controller needs a booted stack');
      const seededAt = (await db.query('SELECT seeded_at FROM cots_catalog')).rows[0].seeded_at;
      await stack.restartService('controller');
      expect(await catalogInfo(controller)).toEqual(info);
      expect((await db.query('SELECT seeded_at FROM cots_catalog')).rows[0].seeded_at).toEqual(seededAt);
    });

    await test.step('expected failure: a data file changed under the same catalog_version stops the controller at start-up; the catalog stays as it was', async () => {
      test.skip(stack.mode === 'attach', 'restarting the controller needs a booted stack');
      expectServiceErrors('controller', /give the changed file a new catalog_version|exited by itself/);
      const changed = testInfo.outputPath('cots-catalog-changed.yaml');
      const original = fs.readFileSync(path.resolve('services/controller/data/cots-catalog.yaml'), 'utf8');
      const edited = original.replace(/(part_id: BRG-608-2RS[\s\S]*?price: )1\.10/, '$11.15');
      expect(edited).not.toBe(original);
      fs.writeFileSync(changed, edited);
      await stack.stopService('controller');
      try {
        await expect(stack.startService('controller', { env: { COTS_CATALOG_FILE: changed } })).rejects.toThrow(/exited during start-up/);
      } finally {
        await stack.startService('controller');
      }
      expect(await catalogInfo(controller)).toEqual(info);
      expect((await (await controller.get('/cots/parts/BRG-608-2RS')).json()).price).toBe(1.1);
    });
  });
});
