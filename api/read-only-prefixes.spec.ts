import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';

const PREFIXES = ['/utils', '/skills', '/reviews', '/config'];

test.describe('read-only prefixes', () => {
  test('INT-063 /utils, /skills, /reviews, /config are seeded and readable, every mutation is 403; the root is writable', { tag: ['@p0', '@INT-063'] }, async ({
    workerLight,
    sessionId,
  }) => {
    const h = sessionHeaders(sessionId);
    const firstFile: Record<string, string> = {};

    await test.step('every prefix is seeded with the worker\'s own content and readable', async () => {
      for (const prefix of PREFIXES) {
        const ls = await workerLight.post('/fs/ls', { headers: h, data: { path: prefix } });
        expect(ls.status(), prefix).toBe(200);
        const files = (await ls.json()).entries.filter((e: { is_dir: boolean }) => !e.is_dir);
        expect(files.length, prefix).toBeGreaterThan(0);
        firstFile[prefix] = files[0].path;
        const read = await workerLight.post('/fs/read', { headers: h, data: { path: files[0].path } });
        expect(read.status(), files[0].path).toBe(200);
        expect((await read.json()).content.length, files[0].path).toBeGreaterThan(20);
      }
    });

    await test.step('expected failure: write, overwrite, edit, delete and upload under each prefix → 403 naming the prefix', async () => {
      for (const prefix of PREFIXES) {
        const existing = firstFile[prefix]!;
        const attempts = [
          workerLight.post('/fs/write', { headers: h, data: { path: `${prefix}/new.md`, content: 'x' } }),
          workerLight.post('/fs/write', { headers: h, data: { path: existing, content: 'x', overwrite: true } }),
          workerLight.post('/fs/write', { headers: h, data: { path: `${prefix.slice(1)}/relative.md`, content: 'x' } }),
          workerLight.post('/fs/edit', { headers: h, data: { path: existing, edits: [{ old_string: 'a', new_string: 'b' }] } }),
          workerLight.post('/fs/delete', { headers: h, data: { path: existing } }),
          workerLight.post('/fs/delete', { headers: h, data: { path: prefix } }),
          workerLight.post('/fs/upload', {
            headers: h,
            multipart: { path: `${prefix}/`, file: { name: 'up.bin', mimeType: 'application/octet-stream', buffer: Buffer.from('x') } },
          }),
        ];
        for (const res of await Promise.all(attempts)) {
          expect(res.status(), `${res.url()} ${prefix}`).toBe(403);
          const body = await res.json();
          expect(body.error).toBe('read_only_path');
          expect(body.message).toContain(prefix);
        }
      }
    });

    await test.step('the seeded files are unchanged after the refused mutations', async () => {
      for (const prefix of PREFIXES) {
        const ls = await (await workerLight.post('/fs/ls', { headers: h, data: { path: prefix } })).json();
        expect(ls.entries.map((e: { path: string }) => e.path), prefix).not.toContain(`${prefix}/new.md`);
        expect((await workerLight.post('/fs/exists', { headers: h, data: { path: firstFile[prefix]! } })).status()).toBe(200);
      }
    });

    await test.step('changes executed code makes under a prefix are undone after the run', async () => {
      const res = await workerLight.post('/runtime/execute', {
        headers: h,
        data: { code: `import fs from 'node:fs'; fs.writeFileSync('utils/README.md', 'defaced'); fs.writeFileSync('config/extra.yaml', 'x: 1'); console.log('done')` },
      });
      expect((await res.json()).stdout).toBe('done\n');
      const readme = await (await workerLight.post('/fs/read', { headers: h, data: { path: '/utils/README.md' } })).json();
      expect(readme.content).not.toBe('defaced');
      expect(await (await workerLight.post('/fs/exists', { headers: h, data: { path: '/config/extra.yaml' } })).json()).toMatchObject({ exists: false });
    });

    await test.step('while other runs finish (and restore what they defaced), a running script never sees a seeded file missing', async () => {
      const execute = (code: string, timeout = 30) => workerLight.post('/runtime/execute', { headers: h, data: { code, timeout } });
      // Reads two seeded files until told to stop: one nobody touches, one the other runs deface.
      const reader = execute(`
        import fs from 'node:fs';
        let ok = 0, missing = 0;
        fs.writeFileSync('reader-started', '');
        while (!fs.existsSync('reader-stop')) {
          for (const f of ['utils/units.mjs', 'utils/README.md']) { try { fs.readFileSync(f); ok++; } catch { missing++; } }
        }
        console.log(JSON.stringify({ ok, missing }));`, 120);
      await expect.poll(async () => (await (await workerLight.post('/fs/exists', { headers: h, data: { path: 'reader-started' } })).json()).exists).toBe(true);
      for (let i = 0; i < 5; i++) {
        const res = await execute(`import fs from 'node:fs'; fs.writeFileSync('utils/README.md', 'defaced ${i}'); console.log('defaced');`);
        expect((await res.json()).stdout).toBe('defaced\n');
        const readme = await workerLight.post('/fs/read', { headers: h, data: { path: '/utils/README.md' } });
        expect(readme.status()).toBe(200);
        expect((await readme.json()).content).not.toContain('defaced');
      }
      await workerLight.post('/fs/write', { headers: h, data: { path: 'reader-stop', content: '' } });
      const out = await (await reader).json();
      expect(out.exit_code, out.stderr).toBe(0);
      const counts = JSON.parse(out.stdout);
      expect(counts.ok).toBeGreaterThan(0);
      expect(counts.missing).toBe(0);
    });

    await test.step('the workspace root and look-alike names stay writable', async () => {
      for (const p of ['/plan.md', 'utils-notes.md', '/configs/a.yaml', '/utils/../todo.md']) {
        const res = await workerLight.post('/fs/write', { headers: h, data: { path: p, content: '- [ ] item' } });
        expect(res.status(), p).toBe(200);
      }
      expect((await workerLight.post('/fs/delete', { headers: h, data: { path: '/todo.md' } })).status()).toBe(200);
    });
  });
});
