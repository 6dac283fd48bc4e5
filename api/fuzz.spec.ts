// INT-044: every workbench service's core endpoints fuzzed from their live OpenAPI documents.
// FUZZ_SEED replays a run (each operation's seed is printed in the report), FUZZ_RUNS sets the
// cases per operation; a failure shows fast-check's minimal request.
import SwaggerParser from '@apidevtools/swagger-parser';
import { test, expect, controllerAuth } from '../fixtures/workbench.ts';
import { fuzzOperation, operationsOf, type FuzzRequest, type FuzzResult } from './support/fuzz.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const ANSWER_WITHIN_MS = 15_000;

/**
 * Routes that start work are left out: episodes (each a full agent run) and heavy jobs, which call
 * back whatever URL they are given for minutes. Their validation has its own tests (INT-029,
 * INT-067, INT-068, INT-042, INT-043).
 */
const SKIP = new Set(['POST /agent/run', 'POST /agent/batch', 'POST /benchmark/generate', 'POST /jobs/verify']);

const SERVICES = [
  { service: 'controller', headers: controllerAuth() },
  { service: 'worker-light', headers: {} },
  { service: 'worker-heavy', headers: {} },
  { service: 'model-server', headers: {} },
] as const;

test.describe('schema-driven fuzzing', () => {
  test('INT-044 fuzzed requests from each service\'s live OpenAPI: no 5xx, every answer documented and matching its schema, none hangs', { tag: ['@p1', '@INT-044'] }, async ({ stack }, testInfo) => {
    test.setTimeout(10 * 60_000);
    testInfo.annotations.push({ type: 'fuzz seed', description: `FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}` });
    const results: FuzzResult[] = [];
    for (const [i, { service, headers }] of SERVICES.entries()) {
      await test.step(`${service}: ${RUNS} cases per operation`, async () => {
        const base = stack.urls[service]!;
        const doc = (await SwaggerParser.dereference(await (await fetch(`${base}/openapi.json`)).json())) as unknown as Parameters<typeof operationsOf>[0];
        const ops = operationsOf(doc, (id) => SKIP.has(id));
        expect(ops.length, `${service} documents operations`).toBeGreaterThan(0);
        const send = async (r: FuzzRequest) => {
          const url = new URL(base + r.path);
          for (const [k, v] of Object.entries(r.query)) url.searchParams.set(k, v);
          const res = await fetch(url, {
            method: r.method,
            headers: { ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}), ...r.headers },
            body: r.body === undefined ? undefined : JSON.stringify(r.body),
            signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
          });
          return { status: res.status, text: await res.text() };
        };
        for (const [j, op] of ops.entries()) results.push(await fuzzOperation(op, send, { numRuns: RUNS, seed: SEED + i * 1000 + j, headers }));
      });
    }
    const failures = results.filter((r) => r.failure);
    await testInfo.attach('fuzz summary', {
      contentType: 'text/plain',
      body: results.map((r) => `${r.failure ? '✘' : '✓'} ${r.operation}: ${r.runs} cases, seed ${r.seed}${r.failure ? `, path ${r.failure.path}` : ''}`).join('\n'),
    });
    for (const f of failures) {
      await testInfo.attach(`minimal failing request: ${f.operation}`, { contentType: 'application/json', body: JSON.stringify({ reason: f.failure!.reason, seed: f.seed, path: f.failure!.path, request: f.failure!.request }, null, 2) });
    }
    await test.step('every operation kept its contract', async () => {
      expect(results.length).toBeGreaterThan(20);
      expect(failures.map((f) => `${f.operation}: ${f.failure!.reason} ← ${JSON.stringify(f.failure!.request)}`)).toEqual([]);
    });
  });
});
