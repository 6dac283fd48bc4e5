import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';

test.describe('session file API', () => {
  test('INT-003 write, read, edit, delete, grep and upload act on the session\'s files only as asked', { tag: ['@p0', '@INT-003'] }, async ({
    workerLight,
    sessionId,
  }) => {
    const h = sessionHeaders(sessionId);

    await test.step('write creates parent folders; exists and ls see the file', async () => {
      expect((await workerLight.post('/fs/write', { headers: h, data: { path: '/src/part.ts', content: 'export const a = 1;\nexport const b = 2;\n' } })).status()).toBe(200);
      expect(await (await workerLight.post('/fs/exists', { headers: h, data: { path: 'src/part.ts' } })).json()).toEqual({ exists: true, is_dir: false });
      expect(await (await workerLight.post('/fs/exists', { headers: h, data: { path: '/src' } })).json()).toEqual({ exists: true, is_dir: true });
      expect(await (await workerLight.post('/fs/exists', { headers: h, data: { path: '/nope' } })).json()).toEqual({ exists: false, is_dir: false });
      const ls = await (await workerLight.post('/fs/ls', { headers: h, data: { path: '/src' } })).json();
      expect(ls).toEqual({ path: '/src', entries: [{ name: 'part.ts', path: '/src/part.ts', is_dir: false, size: 40 }] });
    });

    await test.step('expected failure: writing an existing file without overwrite → 409; with overwrite it is replaced', async () => {
      const conflict = await workerLight.post('/fs/write', { headers: h, data: { path: 'src/part.ts', content: 'x' } });
      expect(conflict.status()).toBe(409);
      expect(await conflict.json()).toMatchObject({ error: 'file_exists', field: 'path' });
      const replaced = await workerLight.post('/fs/write', { headers: h, data: { path: 'notes.md', content: 'v1' } });
      expect(replaced.status()).toBe(200);
      await workerLight.post('/fs/write', { headers: h, data: { path: 'notes.md', content: 'v2', overwrite: true } });
      expect((await (await workerLight.post('/fs/read', { headers: h, data: { path: 'notes.md' } })).json()).content).toBe('v2');
    });

    await test.step('edit applies exact replacements in order', async () => {
      const res = await workerLight.post('/fs/edit', {
        headers: h,
        data: { path: '/src/part.ts', edits: [{ old_string: 'a = 1', new_string: 'a = 10' }, { old_string: 'a = 10;', new_string: 'a = 11;' }] },
      });
      expect(res.status()).toBe(200);
      expect(await res.json()).toEqual({ status: 'success', path: '/src/part.ts', edits_applied: 2 });
      expect((await (await workerLight.post('/fs/read', { headers: h, data: { path: 'src/part.ts' } })).json()).content).toBe(
        'export const a = 11;\nexport const b = 2;\n',
      );
    });

    await test.step('expected failure: an absent or ambiguous old_string → 422 and the file is unchanged', async () => {
      const absent = await workerLight.post('/fs/edit', {
        headers: h,
        data: { path: 'src/part.ts', edits: [{ old_string: 'b = 2', new_string: 'b = 3' }, { old_string: 'zzz', new_string: 'y' }] },
      });
      expect(absent.status()).toBe(422);
      expect(await absent.json()).toEqual({
        error: 'edit_not_found',
        message: 'edits[1].old_string was not found in /src/part.ts',
        field: 'body.edits.1.old_string',
      });
      const ambiguous = await workerLight.post('/fs/edit', { headers: h, data: { path: 'src/part.ts', edits: [{ old_string: 'export', new_string: 'x' }] } });
      expect(ambiguous.status()).toBe(422);
      expect((await ambiguous.json()).message).toContain('occurs 2 times');
      expect((await (await workerLight.post('/fs/read', { headers: h, data: { path: 'src/part.ts' } })).json()).content).toContain('b = 2');
      const missing = await workerLight.post('/fs/edit', { headers: h, data: { path: 'nope.ts', edits: [{ old_string: 'a', new_string: 'b' }] } });
      expect(missing.status()).toBe(404);
    });

    await test.step('grep finds lines by regular expression, filtered by glob', async () => {
      const res = await workerLight.post('/fs/grep', { headers: h, data: { pattern: 'const [ab] =', glob: '*.ts' } });
      expect(await res.json()).toEqual({
        matches: [
          { path: '/src/part.ts', line: 1, text: 'export const a = 11;' },
          { path: '/src/part.ts', line: 2, text: 'export const b = 2;' },
        ],
        truncated: false,
      });
      const none = await workerLight.post('/fs/grep', { headers: h, data: { pattern: 'const', glob: '*.md', path: '/src' } });
      expect((await none.json()).matches).toEqual([]);
    });

    await test.step('expected failure: an invalid regular expression → 400 naming `pattern`', async () => {
      const res = await workerLight.post('/fs/grep', { headers: h, data: { pattern: '(unclosed' } });
      expect(res.status()).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_pattern', field: 'pattern' });
    });

    await test.step('upload stores binary bytes exactly; read_blob returns them', async () => {
      const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
      const up = await workerLight.post('/fs/upload', {
        headers: h,
        multipart: { path: '/assets/', file: { name: 'blob.bin', mimeType: 'application/octet-stream', buffer: bytes } },
      });
      expect(up.status()).toBe(200);
      expect(await up.json()).toEqual({ status: 'success', path: '/assets/blob.bin', size: 3000 });
      const blob = await workerLight.post('/fs/read_blob', { headers: h, data: { path: 'assets/blob.bin' } });
      expect(blob.headers()['content-type']).toBe('application/octet-stream');
      expect((await blob.body()).equals(bytes)).toBe(true);
    });

    await test.step('expected failure: an upload without a file, or onto an existing file, leaves nothing new behind', async () => {
      const noFile = await workerLight.post('/fs/upload', { headers: h, multipart: { path: '/assets/x.bin' } });
      expect(noFile.status()).toBe(400);
      expect(await noFile.json()).toMatchObject({ field: 'body.file' });
      const again = await workerLight.post('/fs/upload', {
        headers: h,
        multipart: { path: '/assets/blob.bin', file: { name: 'other.bin', mimeType: 'application/octet-stream', buffer: Buffer.from('new') } },
      });
      expect(again.status()).toBe(409);
      const ls = await (await workerLight.post('/fs/ls', { headers: h, data: { path: '/assets' } })).json();
      expect(ls.entries).toEqual([{ name: 'blob.bin', path: '/assets/blob.bin', is_dir: false, size: 3000 }]);
      const notMultipart = await workerLight.post('/fs/upload', { headers: h, data: { path: 'x' } });
      expect(notMultipart.status()).toBe(400);
    });

    await test.step('expected failure: a malformed or truncated multipart body, or two files in one upload → 400 naming the reason; nothing is written', async () => {
      const raw = (contentType: string, body: string) =>
        workerLight.post('/fs/upload', { headers: { ...h, 'content-type': contentType }, data: Buffer.from(body) });
      const part = (name: string, value: string, filename?: string) =>
        `--XX\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n${value}\r\n`;
      const cases = [
        ['no boundary', await raw('multipart/form-data', 'garbage'), 'malformed_multipart'],
        ['truncated', await raw('multipart/form-data; boundary=XX', `${part('path', '/bad-upload/')}--XX\r\nContent-Disposition: form-data; name="file"; filename="t.bin"\r\n\r\npartial-data`), 'malformed_multipart'],
        ['two files', await raw('multipart/form-data; boundary=XX', `${part('path', '/bad-upload/')}${part('file', 'one', 'a.bin')}${part('file', 'two', 'b.bin')}--XX--\r\n`), 'too_many_files'],
      ] as const;
      for (const [what, res, error] of cases) {
        expect(res.status(), what).toBe(400);
        const body = await res.json();
        expect(body, what).toMatchObject({ error });
        expect(body.message.length, what).toBeGreaterThan(20);
      }
      expect((await (await workerLight.post('/fs/exists', { headers: h, data: { path: '/bad-upload' } })).json()).exists).toBe(false);
      // The same body with one file is accepted, so the refusal above is about the second file.
      const one = await raw('multipart/form-data; boundary=XX', `${part('path', '/good-upload/')}${part('file', 'one', 'a.bin')}--XX--\r\n`);
      expect(one.status()).toBe(200);
      expect(await one.json()).toEqual({ status: 'success', path: '/good-upload/a.bin', size: 3 });
    });

    await test.step('expected failure: overlapping matches make an old_string ambiguous; a write path ending in / → 400', async () => {
      await workerLight.post('/fs/write', { headers: h, data: { path: 'triple.txt', content: 'aaa' } });
      const overlap = await workerLight.post('/fs/edit', { headers: h, data: { path: 'triple.txt', edits: [{ old_string: 'aa', new_string: 'b' }] } });
      expect(overlap.status()).toBe(422);
      expect(await overlap.json()).toMatchObject({ error: 'edit_ambiguous', message: expect.stringContaining('occurs 2 times') });
      expect((await (await workerLight.post('/fs/read', { headers: h, data: { path: 'triple.txt' } })).json()).content).toBe('aaa');
      const slash = await workerLight.post('/fs/write', { headers: h, data: { path: 'folder-like/', content: 'x' } });
      expect(slash.status()).toBe(400);
      expect(await slash.json()).toMatchObject({ error: 'not_a_file_path', field: 'path' });
      expect((await (await workerLight.post('/fs/exists', { headers: h, data: { path: 'folder-like' } })).json()).exists).toBe(false);
    });

    await test.step('delete removes a file and a folder recursively; a second delete → 404', async () => {
      expect((await workerLight.post('/fs/delete', { headers: h, data: { path: '/notes.md' } })).status()).toBe(200);
      expect((await workerLight.post('/fs/delete', { headers: h, data: { path: 'src' } })).status()).toBe(200);
      const again = await workerLight.post('/fs/delete', { headers: h, data: { path: 'src' } });
      expect(again.status()).toBe(404);
      expect(await again.json()).toMatchObject({ error: 'not_found', message: '"/src" does not exist' });
    });

    await test.step('expected failure: reading a missing file → 404, a folder → 400; malformed bodies → 400 naming the field', async () => {
      const missing = await workerLight.post('/fs/read', { headers: h, data: { path: '/missing.md' } });
      expect(missing.status()).toBe(404);
      expect(await missing.json()).toEqual({ error: 'not_found', message: '"/missing.md" does not exist', field: 'path' });
      expect((await workerLight.post('/fs/read', { headers: h, data: { path: '/assets' } })).status()).toBe(400);
      for (const [route, data, field] of [
        ['/fs/read', {}, 'body.path'],
        ['/fs/write', { path: 'a.txt' }, 'body.content'],
        ['/fs/write', { path: 'a.txt', content: 1 }, 'body.content'],
        ['/fs/edit', { path: 'a.txt', edits: [] }, 'body.edits'],
        ['/fs/grep', { pattern: '' }, 'body.pattern'],
      ] as const) {
        const res = await workerLight.post(route, { headers: h, data });
        expect(res.status(), `${route} ${JSON.stringify(data)}`).toBe(400);
        expect(await res.json(), route).toMatchObject({ error: 'validation_failed', field });
      }
    });
  });

  test('INT-003 the session bundle is a gzip tarball that round-trips, minus renders and caches', { tag: ['@p0', '@INT-003'] }, async ({
    workerLight,
    sessionId,
  }, testInfo) => {
    const h = sessionHeaders(sessionId);
    const written: Record<string, Buffer> = {
      'script.ts': Buffer.from('export default () => [];\n'),
      'docs/plan.md': Buffer.from('# plan\n'),
      'deep/a/b/c.txt': Buffer.from('deep'),
      'bin/data.bin': Buffer.from([0, 1, 2, 255, 254, 0]),
    };

    await test.step('the session holds text, binary and nested files, renders and caches', async () => {
      for (const [p, content] of Object.entries(written)) {
        const res = await workerLight.post('/fs/upload', {
          headers: h,
          multipart: { path: p, file: { name: path.basename(p), mimeType: 'application/octet-stream', buffer: content } },
        });
        expect(res.status(), p).toBe(200);
      }
      for (const p of ['renders/front.png', 'node_modules/x/index.js', 'src/__pycache__/m.pyc', '.git/HEAD']) {
        expect((await workerLight.post('/fs/write', { headers: h, data: { path: p, content: 'excluded' } })).status(), p).toBe(200);
      }
    });

    const dir = testInfo.outputPath('extracted');
    await test.step('fs/bundle returns application/gzip that extracts cleanly', async () => {
      const res = await workerLight.post('/fs/bundle', { headers: h });
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toBe('application/gzip');
      const file = testInfo.outputPath('bundle.tar.gz');
      fs.writeFileSync(file, await res.body());
      fs.mkdirSync(dir, { recursive: true });
      await tar.x({ file, cwd: dir });
    });

    await test.step('extracting gives back exactly the session\'s files (by the file API), byte for byte', async () => {
      const listFiles = async (p: string): Promise<string[]> => {
        const { entries } = await (await workerLight.post('/fs/ls', { headers: h, data: { path: p } })).json();
        const out: string[] = [];
        for (const e of entries as { path: string; is_dir: boolean }[]) {
          if (['/renders', '/node_modules', '/.git'].includes(e.path) || e.path.endsWith('/__pycache__')) continue;
          out.push(...(e.is_dir ? await listFiles(e.path) : [e.path.slice(1)]));
        }
        return out;
      };
      const expected = (await listFiles('/')).sort();
      const extracted = (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
        .filter((d) => d.isFile())
        .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
        .sort();
      expect(extracted).toEqual(expected);
      expect(extracted).toEqual(expect.arrayContaining([...Object.keys(written), 'utils/README.md']));
      for (const p of extracted) {
        const blob = await workerLight.post('/fs/read_blob', { headers: h, data: { path: p } });
        expect(fs.readFileSync(path.join(dir, p)).equals(await blob.body()), p).toBe(true);
      }
    });

    await test.step('expected failure: renders/, node_modules, __pycache__ and .git are not in the bundle', async () => {
      for (const p of ['renders', 'node_modules', 'src/__pycache__', '.git']) {
        expect(fs.existsSync(path.join(dir, p)), p).toBe(false);
      }
    });
  });
});
