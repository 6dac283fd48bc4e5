// The light worker's hot paths: a runtime/execute round trip (child node start-up dominates)
// and small-file write+read throughput through the HTTP file API.
import crypto from 'node:crypto';
import { median, type BenchSuite } from '../types.ts';

async function post(base: string, route: string, sessionId: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-session-id': sessionId },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`bench: ${route} → ${res.status} ${await res.text()}`);
  return res.json();
}

export const workerLight: BenchSuite = async ({ urls, runs }) => {
  const base = urls['worker-light'];
  if (!base) throw new Error('bench: no worker-light URL');
  const sessionId = `bench-light-${crypto.randomBytes(4).toString('hex')}`;
  await post(base, '/fs/ls', sessionId, {}); // creates and seeds the session outside the timings

  const execute: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const out = (await post(base, '/runtime/execute', sessionId, { code: 'console.log(1)', timeout: 10 })) as { exit_code: number };
    execute.push(performance.now() - t0);
    if (out.exit_code !== 0) throw new Error('bench: trivial script failed');
  }

  const OPS = 200;
  const rates: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    for (let j = 0; j < OPS; j++) {
      const path = `/bench/r${i}/f${j}.txt`;
      await post(base, '/fs/write', sessionId, { path, content: `file ${j}\n`.repeat(8) });
      await post(base, '/fs/read', sessionId, { path });
    }
    rates.push(OPS / ((performance.now() - t0) / 1000));
  }

  return [
    { name: 'runtime/execute round trip (trivial script)', value: median(execute), unit: 'ms', note: 'sandboxed child node (namespaces, memory cap, permission model); start-up dominates' },
    { name: 'fs/write + fs/read of a small file, sequential', value: median(rates), unit: 'pairs/s', note: `${OPS} pairs per run, 72-byte files` },
  ];
};
