// The fuzzer itself: against a small real HTTP server with a deliberate 500 and a deliberate
// schema drift, it must find each, shrink it to the minimal request and name the seed; against a
// correct server it must find nothing.
import http from 'node:http';
import type net from 'node:net';
import { expect, test } from '@playwright/test';
import { fuzzOperation, operationsOf, type FuzzRequest } from './fuzz.ts';

const doc = {
  paths: {
    '/items/{id}': {
      post: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['count'], properties: { count: { type: 'integer', minimum: 0, maximum: 100 } } } } } },
        responses: {
          '200': { content: { 'application/json': { schema: { type: 'object', required: ['doubled'], properties: { doubled: { type: 'integer' } } } } } },
          '400': { content: { 'application/json': { schema: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } } } } },
        },
      },
    },
  },
};

/** count ≥ `crashAt` → 500; count ≥ `driftAt` → a body its schema does not allow. */
async function server(crashAt: number, driftAt: number) {
  const srv = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      let body: { count?: unknown } | undefined;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const count = body && typeof body === 'object' ? body.count : undefined;
      res.setHeader('content-type', 'application/json');
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 100) return res.writeHead(400).end(JSON.stringify({ error: 'body.count must be an integer 0..100' }));
      if (count >= crashAt) return res.writeHead(500).end(JSON.stringify({ error: 'boom' }));
      if (count >= driftAt) return res.writeHead(200).end(JSON.stringify({ doubled: String(count * 2) }));
      res.writeHead(200).end(JSON.stringify({ doubled: count * 2 }));
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  const send = async (r: FuzzRequest) => {
    const res = await fetch(`http://127.0.0.1:${port}${r.path}`, { method: r.method, headers: { 'content-type': 'application/json', ...r.headers }, body: r.body === undefined ? undefined : JSON.stringify(r.body) });
    return { status: res.status, text: await res.text() };
  };
  return { send, close: () => new Promise<void>((resolve) => srv.close(() => resolve())) };
}

const [op] = operationsOf(doc);

test('a correct server: nothing found in 100 cases', async () => {
  const s = await server(Infinity, Infinity);
  try {
    const result = await fuzzOperation(op!, s.send, { numRuns: 100, seed: 42 });
    expect(result).toEqual({ operation: 'POST /items/{id}', runs: 100, seed: 42 });
  } finally {
    await s.close();
  }
});

test('expected failure: a deliberate 500 is found and shrunk to the smallest crashing count, with its seed', async () => {
  const s = await server(37, Infinity);
  try {
    const result = await fuzzOperation(op!, s.send, { numRuns: 200, seed: 7 });
    expect(result.failure?.reason).toBe('HTTP 500: {"error":"boom"}');
    expect(result.failure?.request.body).toEqual({ count: 37 });
    expect(result.seed).toBe(7);
    // The seed and path replay the same minimal case.
    const replay = await fuzzOperation(op!, s.send, { numRuns: 200, seed: 7, path: result.failure!.path });
    expect(replay.failure?.request.body).toEqual({ count: 37 });
  } finally {
    await s.close();
  }
});

test('expected failure: a response that drifts from its schema is found', async () => {
  const s = await server(Infinity, 60);
  try {
    const result = await fuzzOperation(op!, s.send, { numRuns: 200, seed: 3 });
    expect(result.failure?.reason).toMatch(/^HTTP 200 body does not match its schema: .*must be integer/);
    expect(result.failure?.request.body).toEqual({ count: 60 });
  } finally {
    await s.close();
  }
});

test('expected failure: an undocumented status is schema drift', async () => {
  const result = await fuzzOperation({ ...op!, responses: { '200': op!.responses['200']! } }, async () => ({ status: 404, text: '{}' }), { numRuns: 5, seed: 1 });
  expect(result.failure?.reason).toBe('HTTP 404 is not documented for POST /items/{id} (documented: 200)');
});
