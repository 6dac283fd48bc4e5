import { expect, test } from '@playwright/test';
import { formatMention, parseMentions } from './mentions.ts';

test('formatMention writes @path:start-end in order, a single line as n-n', () => {
  expect(formatMention('script.ts', 3, 7)).toBe('@script.ts:3-7');
  expect(formatMention('/src/a.ts', 9, 2)).toBe('@src/a.ts:2-9');
  expect(formatMention('plan.md', 4, 4)).toBe('@plan.md:4-4');
});

test('mentions are parsed from text: ranges, single lines, paths with folders, a leading / dropped', () => {
  expect(parseMentions('look at @script.ts:2-4 and @/src/a.mjs:7, not me@host:1-2')).toEqual([
    { path: 'script.ts', start: 2, end: 4 },
    { path: 'src/a.mjs', start: 7, end: 7 },
  ]);
  expect(parseMentions('fix @script.ts:3-7 and @parts/arm.ts:12, thanks')).toEqual([
    { path: 'script.ts', start: 3, end: 7 },
    { path: 'parts/arm.ts', start: 12, end: 12 },
  ]);
  expect(parseMentions('@script.ts:900-1000')).toEqual([{ path: 'script.ts', start: 900, end: 1000 }]);
});

test('e-mail-like text and mentions glued to a word or another @ are not mentions', () => {
  expect(parseMentions('mail me at a@b.com:80')).toEqual([]);
  expect(parseMentions('x@a.ts:1 @@a.ts:2 @a.ts:1@b.ts:2')).toEqual([{ path: 'a.ts', start: 1, end: 1 }]);
  expect(parseMentions('no mention here')).toEqual([]);
});

test('either side of today: after punctuation or quotes, and whatever follows', () => {
  // The controller accepted these, the frontend did not: one grammar takes both.
  expect(parseMentions('(@a.ts:1-2) "@b.ts:3" ,@c.ts:4 @d.ts:5-6x @e.ts:7-8-9')).toEqual([
    { path: 'a.ts', start: 1, end: 2 },
    { path: 'b.ts', start: 3, end: 3 },
    { path: 'c.ts', start: 4, end: 4 },
    { path: 'd.ts', start: 5, end: 6 },
    { path: 'e.ts', start: 7, end: 8 },
  ]);
  // A reversed range is kept as written: the controller refuses it naming the range.
  expect(parseMentions('@f.ts:3-2')).toEqual([{ path: 'f.ts', start: 3, end: 2 }]);
});

test('what formatMention writes reads back the same, wherever it is put in a prompt', () => {
  const written = [formatMention('script.ts', 2, 4), formatMention('/parts/arm.ts', 9, 9), formatMention('a-b_c.d/e.mjs', 12, 3)];
  const expected = [
    { path: 'script.ts', start: 2, end: 4 },
    { path: 'parts/arm.ts', start: 9, end: 9 },
    { path: 'a-b_c.d/e.mjs', start: 3, end: 12 },
  ];
  for (const prompt of [written.join(' '), `Fix ${written.join(', ')}.`, `(${written.join('; ')})`, written.join('\n')]) {
    expect(parseMentions(prompt), prompt).toEqual(expected);
  }
});
