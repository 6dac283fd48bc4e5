import { test, expect } from '@playwright/test';
import { executeArgs, executeEnv, permissionFlag } from './execute.ts';

test('execute: the permission flag fits the Node version; fs access only under the root; env scrubbed', () => {
  expect(permissionFlag(new Set(['--permission', '--experimental-permission']))).toBe('--permission');
  expect(permissionFlag(new Set(['--experimental-permission']))).toBe('--experimental-permission');
  const args = executeArgs('/s/abc');
  expect(args).toEqual(expect.arrayContaining(['--allow-fs-read=/s/abc', '--allow-fs-write=/s/abc', '--input-type=module']));
  expect(args.some((a) => a.startsWith('--allow-child-process') || a.startsWith('--allow-worker'))).toBe(false);
  expect(Object.keys(executeEnv('/s/abc')).sort()).toEqual(['HOME', 'LANG', 'NODE_ENV', 'PATH', 'TMPDIR']);
});
