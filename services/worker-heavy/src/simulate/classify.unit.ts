import { test, expect } from '@playwright/test';
import { classifyStep, type StepState } from './classify.ts';
import { clamp, command, OverloadTracker, saturated, signal } from './controllers.ts';

const base = (over: Partial<StepState> = {}): StepState => ({
  t: 0.1,
  horizon_s: 0.5,
  wall_s: 0,
  wall_limit_s: 120,
  bodies: [{ name: 'ball', position: [0, 0, 0.5], rotation: [0, 0, 0, 1], linvel: [0, 0, -1], angvel: [0, 0, 0] }],
  moved: 'ball',
  bounds: { min: [-1, -1, -1], max: [1, 1, 1] },
  goal: { min: [-0.1, -0.1, 0.4], max: [0.1, 0.1, 0.6] },
  forbid_hits: [],
  motors: [],
  ...over,
});
const reason = (s: StepState) => {
  const v = classifyStep(s);
  return v.kind === 'failure' ? v.failure.reason : v.kind;
};

test('checks run in the contract order: each earlier condition wins over every later one', () => {
  const everything = base({
    engine_error: 'panic',
    t: 0.5,
    bodies: [{ name: 'ball', position: [5, 0, NaN], rotation: [0, 0, 0, 1], linvel: [0, 0, 0], angvel: [0, 0, 0] }],
    forbid_hits: ['pit'],
    motors: [{ part: 'arm', saturated_for_s: 3 }],
  });
  expect(reason(everything)).toBe('PHYSICS_INSTABILITY');
  expect(classifyStep(everything).kind === 'failure' && (classifyStep(everything) as { failure: { detail: string } }).failure.detail).toMatch(/engine error/);
  const { engine_error: _e, ...noEngine } = everything;
  expect(reason(noEngine)).toBe('TIMEOUT');
  expect(reason({ ...noEngine, t: 0.2 })).toBe('PHYSICS_INSTABILITY');
  const outside = base({ bodies: [{ ...base().bodies[0]!, position: [5, 0, 0.5] }], forbid_hits: ['pit'], motors: [{ part: 'arm', saturated_for_s: 3 }] });
  expect(reason(outside)).toBe('OUT_OF_BOUNDS');
  expect(reason({ ...base(), forbid_hits: ['pit'], motors: [{ part: 'arm', saturated_for_s: 3 }] })).toBe('FORBID_ZONE_HIT');
  expect(reason({ ...base(), motors: [{ part: 'arm', saturated_for_s: 3 }] })).toBe('success');
  const away = base({ bodies: [{ ...base().bodies[0]!, position: [0.5, 0, 0] }] });
  expect(reason({ ...away, motors: [{ part: 'arm', saturated_for_s: 2 }] })).toBe('MOTOR_OVERLOAD');
  expect(reason({ ...away, motors: [{ part: 'arm', saturated_for_s: 1.99 }] })).toBe('running');
});

test('runaway speed and spin are instability; wall-clock overrun is a timeout', () => {
  const body = base().bodies[0]!;
  expect(reason(base({ bodies: [{ ...body, position: [0.5, 0, 0], linvel: [0, 0, -101] }] }))).toBe('PHYSICS_INSTABILITY');
  expect(reason(base({ bodies: [{ ...body, position: [0.5, 0, 0], angvel: [6000, 0, 0] }] }))).toBe('PHYSICS_INSTABILITY');
  expect(reason(base({ wall_s: 121 }))).toBe('TIMEOUT');
});

test('controller signals: constant, sinusoidal, square, trapezoidal, position', () => {
  expect(signal({ type: 'constant', value: 3 }, 7)).toBe(3);
  const sin = { type: 'sinusoidal', amplitude: 2, frequency_hz: 1, offset: 1 } as const;
  expect(signal(sin, 0.25)).toBeCloseTo(3, 9);
  expect(signal(sin, 0.75)).toBeCloseTo(-1, 9);
  const sq = { type: 'square', amplitude: 1, frequency_hz: 2 } as const;
  expect([0.1, 0.3, 0.6, 0.8].map((t) => signal(sq, t))).toEqual([1, -1, 1, -1]);
  const tr = { type: 'trapezoidal', amplitude: 4, period_s: 2, rise_s: 0.2 } as const;
  expect([0, 0.1, 0.5, 0.9, 1.1, 1.5].map((t) => +signal(tr, t).toFixed(6))).toEqual([0, 2, 4, 2, -2, -4]);
  expect(command({ type: 'position', target: 1, kp: 10, kd: 2 }, 0, 0.5, 1)).toBeCloseTo(3, 9);
});

test('clamping and the ≥ 90 % / 2 s overload rule', () => {
  expect(clamp(5, [-1, 2])).toBe(2);
  expect(clamp(-5, [-1, 2])).toBe(-1);
  expect(saturated(1.8, [-1, 2])).toBe(true);
  expect(saturated(1.7, [-1, 2])).toBe(false);
  expect(saturated(-0.9, [-1, 2])).toBe(true);
  // exactly 90 % counts although 0.9 × 0.05 is 0.045000000000000005 in floating point
  expect(0.9 * 0.05).toBeGreaterThan(0.045);
  expect(saturated(0.045, [-0.05, 0.05])).toBe(true);
  expect(saturated(-0.045, [-0.05, 0.05])).toBe(true);
  expect(saturated(0.0449999, [-0.05, 0.05])).toBe(false);
  const tracker = new OverloadTracker();
  for (let i = 0; i < 240; i++) tracker.update(2, [-2, 2], 1 / 240);
  tracker.update(0, [-2, 2], 1 / 240);
  expect(tracker.saturatedFor).toBe(0);
  expect(tracker.maxSaturatedFor).toBeCloseTo(1, 6);
});
