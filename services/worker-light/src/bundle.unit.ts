import { test, expect } from '@playwright/test';
import { bundleIncludes } from './bundle.ts';

const file = { isSymbolicLink: () => false };

test('bundle leaves out renders at the root, caches anywhere, symlinks and temp files', () => {
  expect(bundleIncludes('renders', file)).toBe(false);
  expect(bundleIncludes('renders/a.png', file)).toBe(false);
  expect(bundleIncludes('docs/renders/a.png', file)).toBe(true);
  expect(bundleIncludes('a/node_modules/x.js', file)).toBe(false);
  expect(bundleIncludes('src/__pycache__', file)).toBe(false);
  expect(bundleIncludes('.git/HEAD', file)).toBe(false);
  expect(bundleIncludes('a/.wb-tmp-abc', file)).toBe(false);
  expect(bundleIncludes('script.ts', file)).toBe(true);
  expect(bundleIncludes('link', { isSymbolicLink: () => true })).toBe(false);
});
