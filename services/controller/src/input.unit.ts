import { test, expect } from '@playwright/test';
import { inputProblem, redactUrl } from './input.ts';
import { findUnstorable, safeJson, safeText } from './text.ts';

test('clean input passes; the first NUL is named by its path, in body, keys, arrays and params', () => {
  expect(inputProblem({ body: { task: 'ok', metadata_vars: { a: [1, 'b', { c: null }] } }, params: { id: 'x' } })).toBeUndefined();
  expect(inputProblem({ body: { task: 'a\u0000b' } })).toEqual({ field: 'body.task', message: 'body.task must not contain NUL characters (\\u0000)' });
  expect(inputProblem({ body: { m: { list: ['ok', 'n\u0000'] } } })?.field).toBe('body.m.list.1');
  expect(inputProblem({ body: { m: { 'k\u0000': 1 } } })).toEqual({ field: 'body.m', message: 'body.m has a key that must not contain NUL characters (\\u0000)' });
  expect(inputProblem({ params: { id: '\u0000' }, body: { x: '\u0000' } })?.field).toBe('params.id');
});

test('expected failure: an unpaired surrogate is refused too; a paired one is fine', () => {
  expect(inputProblem({ body: { t: 'a\uD800' } })?.message).toBe('body.t must be well-formed Unicode (it holds an unpaired surrogate)');
  expect(inputProblem({ body: { t: 'ok 😀' } })).toBeUndefined();
});

test('worker data is stored escaped: NUL as the six characters \\u0000, lone surrogates as U+FFFD', () => {
  expect(safeText('a\u0000b')).toBe('a\\u0000b');
  expect(safeText('x\uDC00')).toBe('x\uFFFD');
  const stored = safeJson({ 'k\u0000': ['v\u0000', 1, null, { deep: '\u0000' }] });
  expect(stored).toEqual({ 'k\\u0000': ['v\\u0000', 1, null, { deep: '\\u0000' }] });
  expect(findUnstorable(stored, 'x')).toBeUndefined();
  expect(safeJson({ at: new Date('2026-01-02T03:04:05.000Z') })).toEqual({ at: '2026-01-02T03:04:05.000Z' });
});

test('the API key in a query string is redacted; other parameters stay', () => {
  expect(redactUrl('/episodes?api_key=secret&limit=1')).toBe('/episodes?api_key=[redacted]&limit=1');
  expect(redactUrl('/e/ws?x=1&API_KEY=s')).toBe('/e/ws?x=1&API_KEY=[redacted]');
  expect(redactUrl('/episodes?limit=1')).toBe('/episodes?limit=1');
});
