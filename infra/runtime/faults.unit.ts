import http from 'node:http';
import net from 'node:net';
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { addressOf, FaultPanel, FaultProxy, viaPort } from './faults.ts';

/** An upstream HTTP server that records when each request arrived. */
async function upstream() {
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    arrivals.push(performance.now());
    res.end(`hello ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, arrivals, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const get = (port: number, path = '/') =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
  });

test('pass forwards, refuse refuses on the same port, restore forwards again', async () => {
  const up = await upstream();
  const proxy = new FaultProxy('api', 'http', { host: '127.0.0.1', port: up.port });
  const port = await proxy.listen();
  try {
    expect(await get(port, '/a')).toEqual({ status: 200, body: 'hello /a' });
    await proxy.set('refuse');
    await expect(get(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await proxy.set('pass');
    expect(proxy.port).toBe(port);
    expect(await get(port, '/b')).toEqual({ status: 200, body: 'hello /b' });
  } finally {
    await proxy.close();
    await up.close();
  }
});

test('a stopped target refuses through its proxy as it would without one, and a set fault outlasts its restart', async () => {
  const up = await upstream();
  const proxy = new FaultProxy('api', 'http', { host: '127.0.0.1', port: up.port });
  const port = await proxy.listen();
  try {
    await proxy.targetState(false);
    await expect(get(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await proxy.set('refuse');
    await proxy.targetState(true);
    await expect(get(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await proxy.set('pass');
    expect(await get(port, '/up')).toEqual({ status: 200, body: 'hello /up' });
  } finally {
    await proxy.close();
    await up.close();
  }
});

test('stall holds a request until restored: it reaches the upstream only after the restore', async () => {
  const up = await upstream();
  const proxy = new FaultProxy('api', 'http', { host: '127.0.0.1', port: up.port });
  const port = await proxy.listen();
  try {
    await proxy.set('stall');
    const pending = get(port, '/held');
    await expect.poll(() => proxy.heldCount).toBe(1);
    expect(up.arrivals).toHaveLength(0);
    const restoredAt = performance.now();
    await proxy.set('pass');
    expect(await pending).toEqual({ status: 200, body: 'hello /held' });
    expect(up.arrivals).toHaveLength(1);
    expect(up.arrivals[0]!).toBeGreaterThanOrEqual(restoredAt);
  } finally {
    await proxy.close();
    await up.close();
  }
});

test('error answers HTTP 503 naming the dependency; the upstream sees nothing', async () => {
  const up = await upstream();
  const proxy = new FaultProxy('s3', 'http', { host: '127.0.0.1', port: up.port });
  const port = await proxy.listen();
  try {
    await proxy.set('error');
    const res = await get(port);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ error: 'fault_injected', message: 's3 is failing on purpose (fault injection: error)' });
    expect(up.arrivals).toHaveLength(0);
  } finally {
    await proxy.close();
    await up.close();
  }
});

test('error on a Postgres dependency answers the protocol\'s own ErrorResponse (57P03)', async () => {
  const proxy = new FaultProxy('postgres', 'postgres', { host: '127.0.0.1', port: 1 });
  const port = await proxy.listen();
  try {
    await proxy.set('error');
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'u', database: 'd' });
    await expect(client.connect()).rejects.toMatchObject({ code: '57P03', message: 'postgres is failing on purpose (fault injection: error)' });
  } finally {
    await proxy.close();
  }
});

test('expected failure: the panel names unknown dependencies and modes', async () => {
  const panel = new FaultPanel();
  await panel.add('controller', 'http', { host: '127.0.0.1', port: 1 });
  try {
    await expect(panel.inject('ghost', 'refuse')).rejects.toThrow('no dependency "ghost" to fault (this instance has controller)');
    await expect(panel.inject('controller', 'melt' as 'refuse')).rejects.toThrow('fault mode "melt" is not one of refuse, stall, error');
    await panel.inject('controller', 'stall');
    expect(panel.active()).toEqual({ controller: 'stall' });
    await panel.restore();
    expect(panel.active()).toEqual({});
  } finally {
    await panel.close();
  }
});

test('addresses are read and rewritten for every scheme the providers use', () => {
  expect(addressOf('postgres://u:p@db.example:6543/x')).toEqual({ host: 'db.example', port: 6543 });
  expect(addressOf('http://127.0.0.1:9000')).toEqual({ host: '127.0.0.1', port: 9000 });
  expect(addressOf('mongodb://h/x')).toEqual({ host: 'h', port: 27017 });
  expect(viaPort('postgres://u:p@db.example:6543/x?sslmode=disable', 4000)).toBe('postgres://u:p@127.0.0.1:4000/x?sslmode=disable');
  expect(viaPort('http://127.0.0.1:9000', 4001)).toBe('http://127.0.0.1:4001');
});
