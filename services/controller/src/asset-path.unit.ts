import { test, expect } from '@playwright/test';
import { assetUpstreamPath } from './asset-path.ts';

test('asset paths are rebuilt segment by segment under /assets/', () => {
  expect(assetUpstreamPath('script.glb')).toEqual({ path: '/assets/script.glb' });
  expect(assetUpstreamPath('renders/front%20view.png')).toEqual({ path: '/assets/renders/front%20view.png' });
  expect(assetUpstreamPath('a//b')).toEqual({ path: '/assets/a/b' });
});

test('expected failure: dot segments raw or encoded, encoded separators and bad escapes are refused', () => {
  for (const raw of ['..', '../health', '%2e%2e/openapi.json', '.%2E/x', 'a/./b', '%2E', 'a/..']) {
    expect(assetUpstreamPath(raw), raw).toEqual({ problem: 'the path must not contain "." or ".." segments' });
  }
  expect(assetUpstreamPath('..%2Fetc')).toMatchObject({ problem: expect.stringContaining('separator') });
  expect(assetUpstreamPath('a%5Cb')).toMatchObject({ problem: expect.stringContaining('separator') });
  expect(assetUpstreamPath('a%00')).toMatchObject({ problem: expect.stringContaining('NUL') });
  expect(assetUpstreamPath('%zz')).toMatchObject({ problem: expect.stringContaining('percent-encoding') });
  expect(assetUpstreamPath('')).toMatchObject({ problem: expect.stringContaining('required') });
});
