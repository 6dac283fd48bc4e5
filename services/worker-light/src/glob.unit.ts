import { test, expect } from '@playwright/test';
import { globMatcher } from './glob.ts';

test('glob: `*.ts` matches names at any depth; with a slash it matches the relative path', () => {
  expect(globMatcher('*.ts')('a/b/c.ts')).toBe(true);
  expect(globMatcher('*.ts')('a/b/c.tsx')).toBe(false);
  expect(globMatcher('src/**/*.ts')('src/a/b.ts')).toBe(true);
  expect(globMatcher('src/**/*.ts')('src/b.ts')).toBe(true);
  expect(globMatcher('src/*.ts')('src/a/b.ts')).toBe(false);
  expect(globMatcher('?.md')('a.md')).toBe(true);
  expect(globMatcher(undefined)('anything')).toBe(true);
});
