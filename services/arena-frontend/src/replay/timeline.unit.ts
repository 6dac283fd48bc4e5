import { expect, test } from '@playwright/test';
import { duration, frameAt } from './timeline.ts';

const states = [0.01, 0.02, 0.03, 0.04].map((time) => ({ time }));

test('frameAt picks the last state at or before the time, from the first state, clamped', () => {
  expect(frameAt(states, 0)).toBe(0);
  expect(frameAt(states, 0.005)).toBe(0);
  expect(frameAt(states, 0.01)).toBe(1);
  expect(frameAt(states, 0.0299)).toBe(2);
  expect(frameAt(states, 0.03)).toBe(3);
  expect(frameAt(states, 10)).toBe(3);
  expect(frameAt(states, -1)).toBe(0);
  expect(frameAt([], 1)).toBe(-1);
});

test('duration runs from the first state to the last', () => {
  expect(duration(states)).toBeCloseTo(0.03);
  expect(duration(states.slice(0, 1))).toBe(0);
});
