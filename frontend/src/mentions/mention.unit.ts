import { expect, test } from '@playwright/test';
import { formatMention, parseMentions } from './mention.ts';

test('formatMention writes @path:start-end in order, a single line as n-n', () => {
  expect(formatMention('script.ts', 3, 7)).toBe('@script.ts:3-7');
  expect(formatMention('/src/a.ts', 9, 2)).toBe('@src/a.ts:2-9');
  expect(formatMention('plan.md', 4, 4)).toBe('@plan.md:4-4');
});

test('parseMentions finds every mention and ignores e-mail-like text', () => {
  expect(parseMentions('fix @script.ts:3-7 and @parts/arm.ts:12, thanks')).toEqual([
    { path: 'script.ts', start: 3, end: 7 },
    { path: 'parts/arm.ts', start: 12, end: 12 },
  ]);
  expect(parseMentions('mail me at a@b.com:80')).toEqual([]);
  expect(parseMentions('@script.ts:900-1000')).toEqual([{ path: 'script.ts', start: 900, end: 1000 }]);
  expect(parseMentions('no mention here')).toEqual([]);
});
