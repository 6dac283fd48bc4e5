import { expect, test } from '@playwright/test';
import { tag } from './tags.ts';

// Playwright greps "title @tag1 @tag2" strings.
test('a project tag matches the whole tag only', () => {
  expect(tag('p0').test('INT-001 boots @p0 @INT-001')).toBe(true);
  expect(tag('p0').test('INT-001 boots @p0')).toBe(true);
  expect(tag('p0').test('x @p01')).toBe(false);
  expect(tag('p0').test('x @p0-slow')).toBe(false);
  expect(tag('p1').test('x @p0 @INT-001')).toBe(false);
  expect(tag('INT-001').test('x @INT-0012')).toBe(false);
  expect(tag('frontend').test('x @p0 @frontend @INT-157')).toBe(true);
});
