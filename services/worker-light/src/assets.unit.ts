import { test, expect } from '@playwright/test';
import { WorkspaceError } from '../../shared/src/workspace.ts';
import { assetPathFromUrl, mimeTypeFor, modelSourceCandidates } from './assets.ts';

test('asset URLs: plain and encoded names pass, encoded separators and dot segments are refused', () => {
  expect(assetPathFromUrl('/assets/renders/front%20view.png?x=1')).toBe('renders/front view.png');
  expect(assetPathFromUrl('/assets/model.glb')).toBe('model.glb');
  for (const [url, code] of [
    ['/assets/..%2fetc', 'encoded_separator'],
    ['/assets/a%5Cb', 'encoded_separator'],
    ['/assets/a%00', 'encoded_separator'],
    ['/assets/%2e%2e/etc/passwd', 'path_outside_session'],
    ['/assets/a/%2E/b', 'path_outside_session'],
    ['/assets/%E0%A4%A', 'invalid_path'],
  ] as const) {
    let error: unknown;
    try {
      assetPathFromUrl(url);
    } catch (e) {
      error = e;
    }
    expect(error, url).toBeInstanceOf(WorkspaceError);
    expect((error as WorkspaceError).code, url).toBe(code);
  }
});

test('MIME types follow the contract; sources are text', () => {
  expect(mimeTypeFor('a/model.GLB')).toBe('model/gltf-binary');
  expect(mimeTypeFor('x.stl')).toBe('model/stl');
  expect(mimeTypeFor('x.jpg')).toBe('image/jpeg');
  expect(mimeTypeFor('x.ts')).toMatch(/^text\//);
  expect(mimeTypeFor('x.py')).toMatch(/^text\//);
  expect(mimeTypeFor('noext')).toBe('application/octet-stream');
});

test('a model\'s source: same base name first, then the default build script', () => {
  expect(modelSourceCandidates('parts/model.glb')).toEqual(['parts/model.ts', 'parts/model.mjs', 'parts/model.js', 'script.ts', 'script.mjs']);
});
