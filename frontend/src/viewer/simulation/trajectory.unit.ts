import { expect, test } from '@playwright/test';
import { duration, formatSeconds, frameAt, parseTrajectory } from './trajectory.ts';

const traj = parseTrajectory({
  sample_hz: 2,
  bodies: ['ball'],
  frames: [0, 0.5, 1, 1.5, 2].map((t) => ({ t, poses: { ball: [0, 0, t, 0, 0, 0, 1] } })),
});

test('frameAt finds the frame at or before t, clamped to the clip', () => {
  expect(frameAt(traj, -1)).toBe(0);
  expect(frameAt(traj, 0.74)).toBe(1);
  expect(frameAt(traj, 1)).toBe(2);
  expect(frameAt(traj, 99)).toBe(4);
  expect(duration(traj)).toBe(2);
});

test('seconds are shown with one decimal; an empty file is refused', () => {
  expect(formatSeconds(5)).toBe('5.0s');
  expect(formatSeconds(0)).toBe('0.0s');
  expect(() => parseTrajectory({ frames: [] })).toThrow('no frames');
});
