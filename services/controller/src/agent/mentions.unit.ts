import { test, expect } from '@playwright/test';
import { parseMentions } from '../../../shared/src/mentions.ts';
import { fileLines, mergeMentions, rangeProblem, renderContext, sliceLines } from './mentions.ts';

const FILE = 'a\nb\nc\nd\n';

test('a range resolves to exactly its lines; a final newline adds no line', () => {
  expect(fileLines(FILE)).toEqual(['a', 'b', 'c', 'd']);
  expect(sliceLines(FILE, { path: 'f', start: 2, end: 3 })).toBe('b\nc');
  expect(sliceLines(FILE, { path: 'f', start: 4, end: 4 })).toBe('d');
});

test('expected failure: reversed, zero and past-the-end ranges name the range', () => {
  expect(rangeProblem({ path: 'f', start: 3, end: 2 }, 4)).toBe('@f:3-2: the end line is before the start line');
  expect(rangeProblem({ path: 'f', start: 0, end: 2 }, 4)).toBe('@f:0-2: lines start at 1');
  expect(rangeProblem({ path: '/f', start: 1, end: 5 }, 4)).toBe('@f:1-5: f has only 4 lines');
  expect(rangeProblem({ path: 'f', start: 1, end: 4 }, 4)).toBeUndefined();
});

test('structured and inline mentions merge without duplicates; the context lists lines and selections', () => {
  const merged = mergeMentions([{ path: 'f', start: 1, end: 2 }], parseMentions('@f:1-2 @f:3-3'));
  expect(merged).toEqual([{ path: 'f', start: 1, end: 2 }, { path: 'f', start: 3, end: 3 }]);
  const text = renderContext('hi', [{ path: 'f', start: 1, end: 2, content: 'a\nb' }], [{ kind: 'face', path: 'm.glb', name: 'p', face_index: 2 }]);
  expect(text).toBe('hi\n\n@f:1-2\n```\na\nb\n```\n\nSelections:\n- face "p" face #2 in m.glb');
});
