import { expect, test } from '@playwright/test';
import { parseCatalog } from './catalog.ts';
import { lintSpec } from './spec-rules.ts';

const catalog = parseCatalog(`
| ID | priority | phase | what | status |
|---|---|---|---|---|
| INT-001 | p0 | A | boots | api/health.spec.ts |
| INT-037 | p1 | A | joints | deferred: later |
`);

const lint = (text: string, file = 'api/x.spec.ts') => lintSpec(file, text, catalog, '/repo');
const rules = (text: string, file?: string) => lint(text, file).violations.map((v) => v.rule);

test('a tagged test with a catalog ID and matching priority passes', () => {
  const result = lint(`test('INT-001 boots', { tag: ['@p0', '@INT-001'] }, async () => {});`);
  expect(result.violations).toEqual([]);
  expect(result.tests).toEqual([{ file: 'api/x.spec.ts', line: 1, title: 'INT-001 boots', ids: ['INT-001'], priorities: ['p0'] }]);
});

test('tags may come from test.describe or the title, and modifiers count as tests', () => {
  expect(rules(`test.describe('area', { tag: '@p0' }, () => { test.skip('INT-001 x @INT-001', async () => {}); });`)).toEqual([]);
});

test('a test without an INT tag is rejected', () => {
  expect(rules(`test('boots', { tag: ['@p0'] }, async () => {});`)).toEqual(['missing-int-tag']);
});

test('a test without a priority tag is rejected (no project would run it)', () => {
  expect(rules(`test('x', { tag: ['@INT-001'] }, async () => {});`)).toEqual(['missing-priority']);
});

test('an ID not in the catalog is rejected', () => {
  expect(rules(`test('x', { tag: ['@p0', '@INT-999'] }, async () => {});`)).toEqual(['unknown-int-id']);
});

test("a priority other than the catalog's is rejected", () => {
  expect(rules(`test('x', { tag: ['@p0', '@INT-037'] }, async () => {});`)).toEqual(['priority-mismatch']);
});

test('test.step, hooks and fixtures are not tests', () => {
  expect(rules(`test.beforeEach(async () => {}); test.use({}); test('x', { tag: ['@p0', '@INT-001'] }, async () => { await test.step('s', async () => {}); });`)).toEqual([]);
});

test('imports from services/ are rejected except the shared wire types', () => {
  expect(rules(`import { x } from '../services/controller/src/db.ts';`)).toEqual(['services-import']);
  expect(rules(`const m = await import('../services/worker-light/src/main.ts');`)).toEqual(['services-import']);
  expect(rules(`import type { ErrorBody } from '../services/shared/src/schemas.ts';`)).toEqual([]);
  expect(rules(`import { test } from '../fixtures/index.ts';`)).toEqual([]);
});

test('route stubs of our own endpoints are rejected; literal external URLs are allowed', () => {
  expect(rules(`await page.route('**/episodes/**', (r) => r.fulfill({ body: '[]' }));`, 'e2e/x.spec.ts')).toEqual(['internal-route-stub']);
  expect(rules(`await context.route(/episodes/, (r) => r.abort());`, 'e2e/x.spec.ts')).toEqual(['internal-route-stub']);
  expect(rules(`await page.route(controllerUrl + '/health', (r) => r.abort());`, 'e2e/x.spec.ts')).toEqual(['internal-route-stub']);
  expect(rules(`await page.route('http://127.0.0.1:18000/health', (r) => r.abort());`, 'e2e/x.spec.ts')).toEqual(['internal-route-stub']);
  expect(rules(`await page.routeFromHAR('x.har');`, 'e2e/x.spec.ts')).toEqual(['internal-route-stub']);
  expect(rules(`await page.route('https://fonts.example.com/css', (r) => r.abort());`, 'e2e/x.spec.ts')).toEqual([]);
});

test('the catalog parser rejects duplicate IDs and unknown priorities', () => {
  const row = '| INT-001 | p0 | A | x | y |';
  expect(() => parseCatalog(`${row}\n${row}`)).toThrow('catalog lists INT-001 twice');
  expect(() => parseCatalog('| INT-002 | p9 | A | x | y |')).toThrow('priority "p9"');
});
