import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';
import type { ErrorBody } from '../services/shared/src/schemas.ts';

/** Names of the entries in a gzip tarball. */
function tarEntries(tarball: Buffer, dir: string): string[] {
  const file = path.join(dir, 'bundle.tar.gz');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, tarball);
  const names: string[] = [];
  tar.t({ file, sync: true, onReadEntry: (entry) => names.push(entry.path) });
  return names;
}

test.describe('workspace isolation', () => {
  test('INT-003 two sessions cannot read, list, bundle or execute against each other\'s files', { tag: ['@p0', '@INT-003'] }, async ({
    workerLight,
    sessionId,
    stack,
  }, testInfo) => {
    const a = sessionId;
    const b = `${sessionId}-other`;
    const secret = `secret of ${a}`;

    await test.step('session A writes a file; session B writes its own', async () => {
      const resA = await workerLight.post('/fs/write', { headers: sessionHeaders(a), data: { path: '/secret.txt', content: secret } });
      expect(resA.status()).toBe(200);
      expect(await resA.json()).toEqual({ status: 'success', path: '/secret.txt' });
      const resB = await workerLight.post('/fs/write', { headers: sessionHeaders(b), data: { path: 'mine.txt', content: 'b' } });
      expect(resB.status()).toBe(200);
    });

    await test.step('A reads its file back; `/secret.txt` and `secret.txt` are the same file', async () => {
      for (const p of ['/secret.txt', 'secret.txt', './secret.txt']) {
        const res = await workerLight.post('/fs/read', { headers: sessionHeaders(a), data: { path: p } });
        expect(res.status(), p).toBe(200);
        expect((await res.json()).content).toBe(secret);
      }
    });

    await test.step('expected failure: B cannot read A\'s file by its session path (404) or by climbing out (403)', async () => {
      const own = await workerLight.post('/fs/read', { headers: sessionHeaders(b), data: { path: '/secret.txt' } });
      expect(own.status()).toBe(404);
      expect(await own.json()).toMatchObject({ error: 'not_found', field: 'path' });
      const climb = await workerLight.post('/fs/read', { headers: sessionHeaders(b), data: { path: `../${a}/secret.txt` } });
      expect(climb.status()).toBe(403);
      const body: ErrorBody = await climb.json();
      expect(body).toMatchObject({ error: 'path_outside_session', field: 'path' });
      expect(body.message).toContain('outside the session root');
      const exists = await workerLight.post('/fs/exists', { headers: sessionHeaders(b), data: { path: `/../${a}/secret.txt` } });
      expect(exists.status()).toBe(403);
    });

    await test.step('B\'s listing and grep show only its own files', async () => {
      const ls = await workerLight.post('/fs/ls', { headers: sessionHeaders(b), data: { path: '/' } });
      expect(ls.status()).toBe(200);
      const names = (await ls.json()).entries.map((e: { name: string }) => e.name);
      expect(names).toContain('mine.txt');
      expect(names).not.toContain('secret.txt');
      const grep = await workerLight.post('/fs/grep', { headers: sessionHeaders(b), data: { pattern: 'secret of' } });
      expect(grep.status()).toBe(200);
      expect((await grep.json()).matches).toEqual([]);
      const lsUp = await workerLight.post('/fs/ls', { headers: sessionHeaders(b), data: { path: '..' } });
      expect(lsUp.status()).toBe(403);
    });

    await test.step('B\'s bundle holds B\'s files only; A\'s holds A\'s', async () => {
      const bundleB = await workerLight.post('/fs/bundle', { headers: sessionHeaders(b) });
      expect(bundleB.status()).toBe(200);
      expect(bundleB.headers()['content-type']).toBe('application/gzip');
      const entriesB = tarEntries(await bundleB.body(), testInfo.outputPath('b'));
      expect(entriesB).toContain('mine.txt');
      expect(entriesB).not.toContain('secret.txt');
      const entriesA = tarEntries(await (await workerLight.post('/fs/bundle', { headers: sessionHeaders(a) })).body(), testInfo.outputPath('a'));
      expect(entriesA).toContain('secret.txt');
      expect(entriesA).not.toContain('mine.txt');
    });

    await test.step('expected failure: code executed in B cannot read or list A\'s files', async () => {
      const code = `
        import fs from 'node:fs';
        for (const attempt of [
          () => fs.readFileSync('../${a}/secret.txt', 'utf8'),
          () => fs.readdirSync('..'),
          () => fs.readFileSync(process.cwd() + '/../${a}/secret.txt', 'utf8'),
        ]) {
          try { console.log('LEAK', attempt()); } catch (e) { console.log(e.code); }
        }
        console.log(fs.readFileSync('mine.txt', 'utf8'));`;
      const res = await workerLight.post('/runtime/execute', { headers: sessionHeaders(b), data: { code, timeout: 20 } });
      expect(res.status()).toBe(200);
      const out = await res.json();
      expect(out.stdout).not.toContain('LEAK');
      expect(out.stdout).not.toContain(secret);
      expect(out.stdout.trim().split('\n')).toEqual(['ERR_ACCESS_DENIED', 'ERR_ACCESS_DENIED', 'ERR_ACCESS_DENIED', 'b']);
      expect(out.exit_code).toBe(0);
    });

    await test.step('expected failure: code executed in B cannot reach A\'s files through the worker\'s own HTTP API', async () => {
      // The victim file exists and A itself can read it over HTTP, so a leak would show.
      const own = await workerLight.post('/fs/read', { headers: sessionHeaders(a), data: { path: '/secret.txt' } });
      expect((await own.json()).content).toBe(secret);
      const url = stack.urls['worker-light']!;
      const code = `
        const call = (route, body) => fetch(${JSON.stringify(url)} + route, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-session-id': ${JSON.stringify(a)} }, body: JSON.stringify(body),
        }).then(async (r) => 'REACHED ' + r.status + ' ' + (await r.text()), (e) => 'BLOCKED ' + (e.cause?.code ?? e.message));
        console.log(await call('/fs/read', { path: '/secret.txt' }));
        console.log(await call('/fs/write', { path: '/planted.txt', content: 'from B' }));`;
      const res = await workerLight.post('/runtime/execute', { headers: sessionHeaders(b), data: { code, timeout: 20 } });
      expect(res.status()).toBe(200);
      const out = await res.json();
      expect(out.stdout).not.toContain(secret);
      expect(out.stdout.trim().split('\n').map((line: string) => line.split(' ')[0])).toEqual(['BLOCKED', 'BLOCKED']);
      const planted = await workerLight.post('/fs/exists', { headers: sessionHeaders(a), data: { path: '/planted.txt' } });
      expect(await planted.json()).toMatchObject({ exists: false });
    });
  });

  test('INT-003 session paths stay inside the root: bad IDs and escaping paths are refused', { tag: ['@p0', '@INT-003'] }, async ({
    workerLight,
    sessionId,
  }) => {
    await test.step('`/`, `` and `.` all list the session root', async () => {
      await workerLight.post('/fs/write', { headers: sessionHeaders(sessionId), data: { path: 'plan.md', content: '# plan' } });
      for (const p of ['/', '', '.']) {
        const res = await workerLight.post('/fs/ls', { headers: sessionHeaders(sessionId), data: { path: p } });
        expect(res.status(), JSON.stringify(p)).toBe(200);
        expect((await res.json()).entries.map((e: { path: string }) => e.path)).toContain('/plan.md');
      }
    });

    await test.step('a `..` that stays inside resolves inside: `a/../plan.md` is `/plan.md`', async () => {
      const res = await workerLight.post('/fs/read', { headers: sessionHeaders(sessionId), data: { path: 'a/../plan.md' } });
      expect(res.status()).toBe(200);
      expect((await res.json()).content).toBe('# plan');
    });

    await test.step('expected failure: missing or malformed X-Session-ID → 400 naming the header', async () => {
      const missing = await workerLight.post('/fs/ls', { data: {} });
      expect(missing.status()).toBe(400);
      expect(await missing.json()).toEqual({
        error: 'missing_session_id',
        message: 'X-Session-ID header is required',
        field: 'headers.x-session-id',
      });
      for (const bad of ['../etc', 'a/b', 'x'.repeat(129), 'has space', 'dot.ted']) {
        const res = await workerLight.post('/fs/ls', { headers: sessionHeaders(bad), data: {} });
        expect(res.status(), bad).toBe(400);
        expect(await res.json(), bad).toMatchObject({ error: 'invalid_session_id', field: 'headers.x-session-id' });
      }
    });

    // A neighbouring session is where an escaping write or delete would land, and it can be
    // inspected through the API; <sessions dir> itself cannot.
    const neighbour = `${sessionId}-neighbour`;
    await test.step('a neighbouring session holds a file of its own', async () => {
      const res = await workerLight.post('/fs/write', { headers: sessionHeaders(neighbour), data: { path: 'keep.txt', content: 'keep' } });
      expect(res.status()).toBe(200);
    });

    await test.step('expected failure: `..` escapes → 403 for read, write, delete and ls', async () => {
      for (const [route, data] of [
        ['/fs/read', { path: '../../etc/passwd' }],
        ['/fs/read', { path: `../${neighbour}/keep.txt` }],
        ['/fs/write', { path: `../${neighbour}/escape.txt`, content: 'x' }],
        ['/fs/write', { path: `/../${neighbour}/keep.txt`, content: 'overwritten', overwrite: true }],
        ['/fs/delete', { path: `../${neighbour}/keep.txt` }],
        ['/fs/delete', { path: '/../' }],
        ['/fs/ls', { path: 'a/../../..' }],
        ['/fs/read_blob', { path: '../x' }],
      ] as const) {
        const res = await workerLight.post(route, { headers: sessionHeaders(sessionId), data });
        expect(res.status(), `${route} ${data.path}`).toBe(403);
        expect(await res.json(), route).toMatchObject({ error: 'path_outside_session', field: 'path' });
      }
    });

    await test.step('expected failure: NUL bytes, over-long names and paths → 400 with the reason', async () => {
      const nul = await workerLight.post('/fs/write', { headers: sessionHeaders(sessionId), data: { path: 'a\u0000b', content: 'x' } });
      expect(nul.status()).toBe(400);
      expect(await nul.json()).toMatchObject({ error: 'invalid_path', message: 'path must not contain NUL bytes' });
      const longName = await workerLight.post('/fs/write', { headers: sessionHeaders(sessionId), data: { path: 'n'.repeat(256), content: 'x' } });
      expect(longName.status()).toBe(400);
      expect(await longName.json()).toMatchObject({ error: 'name_too_long', field: 'path' });
      const longPath = await workerLight.post('/fs/write', { headers: sessionHeaders(sessionId), data: { path: 'd/'.repeat(2100), content: 'x' } });
      expect(longPath.status()).toBe(400);
      expect(await longPath.json()).toMatchObject({ field: 'body.path' });
    });

    await test.step('expected failure: the root itself cannot be deleted or overwritten', async () => {
      for (const [route, data] of [
        ['/fs/delete', { path: '/' }],
        ['/fs/write', { path: '.', content: 'x', overwrite: true }],
      ] as const) {
        const res = await workerLight.post(route, { headers: sessionHeaders(sessionId), data });
        expect(res.status(), route).toBe(403);
        expect(await res.json(), route).toMatchObject({ error: 'session_root' });
      }
    });

    await test.step('nothing was written or removed by the refused requests, here or in the neighbouring session', async () => {
      const ls = await workerLight.post('/fs/ls', { headers: sessionHeaders(sessionId), data: {} });
      const names = (await ls.json()).entries.map((e: { name: string }) => e.name).sort();
      expect(names).toEqual(['config', 'plan.md', 'reviews', 'skills', 'utils']);
      const lsNeighbour = await workerLight.post('/fs/ls', { headers: sessionHeaders(neighbour), data: {} });
      expect((await lsNeighbour.json()).entries.map((e: { name: string }) => e.name).sort()).toEqual(['config', 'keep.txt', 'reviews', 'skills', 'utils']);
      const kept = await workerLight.post('/fs/read', { headers: sessionHeaders(neighbour), data: { path: 'keep.txt' } });
      expect((await kept.json()).content).toBe('keep');
    });
  });
});
