import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import {
  assertWritable,
  isReadOnlyPath,
  normalizeSessionPath,
  resolveSessionPath,
  sessionRoot,
  validateSessionId,
  writeFileAtomic,
  WorkspaceError,
} from './workspace.ts';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkspaceError);
    const e = error as WorkspaceError;
    return { status: e.statusCode, code: e.code };
  }
  throw new Error('expected a WorkspaceError');
};

async function asyncRefusal(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WorkspaceError);
  return { status: (error as WorkspaceError).statusCode, code: (error as WorkspaceError).code };
}

test.describe('session IDs', () => {
  test('valid IDs pass; missing, malformed and over-long IDs are 400', () => {
    expect(validateSessionId('INT-003-ab12cd34')).toBe('INT-003-ab12cd34');
    expect(validateSessionId('a_b-C9'.padEnd(128, 'x'))).toHaveLength(128);
    expect(refusal(() => validateSessionId(undefined))).toEqual({ status: 400, code: 'missing_session_id' });
    for (const bad of ['..', 'a/b', 'a.b', 'x'.repeat(129), 'é', 'a b']) {
      expect(refusal(() => validateSessionId(bad)), bad).toEqual({ status: 400, code: 'invalid_session_id' });
    }
    expect(sessionRoot('/s', 'abc')).toBe('/s/abc');
    expect(refusal(() => sessionRoot('/s', '../etc'))).toEqual({ status: 400, code: 'invalid_session_id' });
  });
});

test.describe('normalizeSessionPath', () => {
  test('paths are session-rooted: `/`, `` and `.` are the root; `/x` is `x`', () => {
    for (const root of ['/', '', '.', './', '//', '/./.']) expect(normalizeSessionPath(root), root).toBe('');
    expect(normalizeSessionPath('/plan.md')).toBe('plan.md');
    expect(normalizeSessionPath('plan.md')).toBe('plan.md');
    expect(normalizeSessionPath('a//b/./c/')).toBe('a/b/c');
    expect(normalizeSessionPath('a/../b')).toBe('b');
  });

  test('`..` above the root is 403; NUL and over-long names/paths are 400', () => {
    for (const p of ['..', '../x', '/..', 'a/../../x', './../x']) {
      expect(refusal(() => normalizeSessionPath(p)), p).toEqual({ status: 403, code: 'path_outside_session' });
    }
    expect(refusal(() => normalizeSessionPath('a\0b'))).toEqual({ status: 400, code: 'invalid_path' });
    expect(refusal(() => normalizeSessionPath('n'.repeat(256)))).toEqual({ status: 400, code: 'name_too_long' });
    expect(normalizeSessionPath('n'.repeat(255))).toHaveLength(255);
    expect(refusal(() => normalizeSessionPath('é'.repeat(128)))).toEqual({ status: 400, code: 'name_too_long' }); // 256 bytes
    expect(refusal(() => normalizeSessionPath('d/'.repeat(2049)))).toEqual({ status: 400, code: 'path_too_long' });
  });
});

test.describe('read-only prefixes', () => {
  test('the four prefixes and everything below them are read-only, look-alikes are not', () => {
    for (const p of ['utils', 'utils/a.md', 'skills/x/y', 'reviews', 'config/c.yaml']) expect(isReadOnlyPath(p), p).toBe(true);
    for (const p of ['', 'plan.md', 'utils-x', 'configs/a', 'a/utils/x']) expect(isReadOnlyPath(p), p).toBe(false);
    expect(refusal(() => assertWritable('config/a.yaml'))).toEqual({ status: 403, code: 'read_only_path' });
    expect(refusal(() => assertWritable(''))).toEqual({ status: 403, code: 'session_root' });
    expect(() => assertWritable('plan.md')).not.toThrow();
  });
});

test.describe('resolveSessionPath', () => {
  let base: string;
  let root: string;
  test.beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-unit-'));
    root = path.join(base, 'sessions', 's1');
    fs.mkdirSync(path.join(root, 'dir'), { recursive: true });
    fs.writeFileSync(path.join(base, 'outside.txt'), 'secret');
    fs.symlinkSync('/', path.join(root, 'to-slash'));
    fs.symlinkSync(path.join(base, 'outside.txt'), path.join(root, 'to-outside'));
    fs.symlinkSync('../..', path.join(root, 'dir', 'up'));
    fs.symlinkSync('dir', path.join(root, 'to-dir'));
    fs.symlinkSync(path.join(base, 'missing'), path.join(root, 'dangling-out'));
  });
  test.afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  test('paths inside resolve to absolute paths under the root, existing or not', async () => {
    expect(await resolveSessionPath(root, '/dir/new/file.txt')).toEqual({ rel: 'dir/new/file.txt', abs: path.join(root, 'dir/new/file.txt'), display: '/dir/new/file.txt' });
    expect((await resolveSessionPath(root, '.')).abs).toBe(root);
    expect((await resolveSessionPath(root, 'to-dir/x')).rel).toBe('to-dir/x'); // a symlink that stays inside is fine
  });

  test('symlinks pointing out are 403, at any depth and for missing children', async () => {
    for (const p of ['to-slash', 'to-slash/etc/passwd', 'to-outside', 'dir/up', 'dir/up/outside.txt', 'to-slash/new/file', 'dangling-out']) {
      expect(await asyncRefusal(resolveSessionPath(root, p)), p).toEqual({ status: 403, code: 'path_outside_session' });
    }
  });

  test('followFinal: false checks only the parent, so a link pointing out can itself be deleted', async () => {
    expect((await resolveSessionPath(root, 'to-slash', { followFinal: false })).abs).toBe(path.join(root, 'to-slash'));
    expect(await asyncRefusal(resolveSessionPath(root, 'to-slash/etc', { followFinal: false }))).toEqual({ status: 403, code: 'path_outside_session' });
  });

  test('writeFileAtomic replaces or (exclusive) refuses, and leaves no temporary file', async () => {
    const file = path.join(root, 'dir', 'a.txt');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    await expect(writeFileAtomic(file, 'three', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.join(root, 'dir')).sort()).toEqual(['a.txt', 'up']);
  });
});
