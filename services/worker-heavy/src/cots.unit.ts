import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from '@playwright/test';
import { CotsUnavailable, lookupCotsParts } from './cots.ts';

const PARTS: Record<string, object> = {
  'MTR-NEMA17-40': { part_id: 'MTR-NEMA17-40', name: 'NEMA 17 stepper', category: 'motor', manufacturer: 'StepperOnline', price: 14.9, weight_g: 280, source: 's', specs: {} },
  'FST-M5X16-SHCS': { part_id: 'FST-M5X16-SHCS', name: 'SHCS M5×16', category: 'fastener', manufacturer: 'MISUMI', price: 0.22, weight_g: 4.2, source: 's', specs: {} },
};

/** A stand-in for the controller's GET /cots/parts?ids= (the spec api/cots.spec.ts checks the real route). */
async function fakeController(status = 200): Promise<{ url: string; requests: { url: string; key?: string }[]; close: () => Promise<void> }> {
  const requests: { url: string; key?: string }[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url!, key: req.headers['x-api-key'] as string | undefined });
    const ids = (new URL(req.url!, 'http://x').searchParams.get('ids') ?? '').split(',');
    res.writeHead(status, { 'content-type': 'application/json' });
    if (status !== 200) return void res.end(JSON.stringify({ error: 'unauthorized', message: 'X-API-Key is not valid' }));
    res.end(JSON.stringify({ catalog_version: 'v1', snapshot_hash: 'a'.repeat(64), parts: ids.flatMap((id) => PARTS[id] ?? []), unknown: ids.filter((id) => !PARTS[id]) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('lookupCotsParts: one request with the key, known parts by ID with their catalog price, unknown IDs absent, the catalog version', async () => {
  const controller = await fakeController();
  try {
    const { parts, catalog_version } = await lookupCotsParts(['MTR-NEMA17-40', 'FST-M5X16-SHCS', 'NOPE-1', 'MTR-NEMA17-40'], { baseUrl: controller.url, apiKey: 'k' });
    expect(catalog_version).toBe('v1');
    expect([...parts.keys()].sort()).toEqual(['FST-M5X16-SHCS', 'MTR-NEMA17-40']);
    expect(parts.get('MTR-NEMA17-40')!.price).toBe(14.9);
    expect(controller.requests).toEqual([{ url: `/cots/parts?ids=${encodeURIComponent('MTR-NEMA17-40,FST-M5X16-SHCS,NOPE-1')}`, key: 'k' }]);
  } finally {
    await controller.close();
  }
});

test('lookupCotsParts: no IDs, no request (an assembly without COTS lines never needs the controller)', async () => {
  expect(await lookupCotsParts([], { baseUrl: 'http://127.0.0.1:1' })).toEqual({ parts: new Map(), catalog_version: '' });
});

test('expected failure: CotsUnavailable when the controller is unconfigured, unreachable, or refuses the key', async () => {
  const saved = process.env.COTS_CATALOG_URL;
  delete process.env.COTS_CATALOG_URL;
  try {
    await expect(lookupCotsParts(['MTR-NEMA17-40'])).rejects.toThrow(/COTS_CATALOG_URL/);
  } finally {
    if (saved !== undefined) process.env.COTS_CATALOG_URL = saved;
  }
  const closed = await fakeController();
  await closed.close();
  const unreachable = lookupCotsParts(['MTR-NEMA17-40'], { baseUrl: closed.url, timeoutMs: 2000 });
  await expect(unreachable).rejects.toBeInstanceOf(CotsUnavailable);
  await expect(unreachable).rejects.toThrow(/cannot be reached \(ECONNREFUSED\)/);
  const refusing = await fakeController(401);
  try {
    await expect(lookupCotsParts(['MTR-NEMA17-40'], { baseUrl: refusing.url, apiKey: 'wrong' })).rejects.toThrow(/answered HTTP 401/);
  } finally {
    await refusing.close();
  }
});
