import { expect, test } from '@playwright/test';
import { frameAt, span } from './timeline.ts';

const states = [0.01, 0.02, 0.03, 0.04].map((time) => ({ time }));

test('frameAt picks the last state at or before the simulation time, clamped to the ends', () => {
  expect(frameAt(states, 0)).toBe(0);
  expect(frameAt(states, 0.01)).toBe(0);
  expect(frameAt(states, 0.015)).toBe(0);
  expect(frameAt(states, 0.02)).toBe(1);
  expect(frameAt(states, 0.0399)).toBe(2);
  expect(frameAt(states, 0.04)).toBe(3);
  expect(frameAt(states, 10)).toBe(3);
  expect(frameAt([], 1)).toBe(-1);
});

test('span covers both episodes, however long each is', () => {
  expect(span(states, states.slice(0, 2))).toEqual({ start: 0.01, end: 0.04 });
  expect(span([{ time: 0 }], states)).toEqual({ start: 0, end: 0.04 });
  expect(span([], [])).toEqual({ start: 0, end: 0 });
});
