import { test, expect } from '@playwright/test';
import { classifyStep, GOAL_DWELL_S, GOAL_REST_SPEED, GoalRestTracker, inGoalAtRest, type StepState } from './classify.ts';
import { clamp, OverloadTracker, saturated, Servo, SERVO_KI, SERVO_KV, signal } from './controllers.ts';

const base = (over: Partial<StepState> = {}): StepState => ({
  t: 0.1,
  horizon_s: 0.5,
  wall_s: 0,
  wall_limit_s: 120,
  bodies: [{ name: 'ball', position: [0, 0, 0.5], rotation: [0, 0, 0, 1], linvel: [0, 0, -1], angvel: [0, 0, 0] }],
  moved: 'ball',
  bounds: { min: [-1, -1, -1], max: [1, 1, 1] },
  goal: { min: [-0.1, -0.1, 0.4], max: [0.1, 0.1, 0.6] },
  in_goal_at_rest_for_s: 0,
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
  expect(reason({ ...base(), in_goal_at_rest_for_s: 0.5, motors: [{ part: 'arm', saturated_for_s: 3 }] })).toBe('success');
  const away = base({ bodies: [{ ...base().bodies[0]!, position: [0.5, 0, 0] }] });
  expect(reason({ ...away, motors: [{ part: 'arm', saturated_for_s: 2 }] })).toBe('MOTOR_OVERLOAD');
  expect(reason({ ...away, motors: [{ part: 'arm', saturated_for_s: 1.99 }] })).toBe('running');
});

test('goal success needs the moved object at rest inside the goal for the whole dwell, not a pass through it', () => {
  expect(GOAL_REST_SPEED).toBe(0.05);
  expect(GOAL_DWELL_S).toBe(0.5);
  // inside the goal box, falling at 1 m/s: running, however long the dwell counter says (it is fed by the run loop)
  expect(reason(base())).toBe('running');
  expect(reason(base({ in_goal_at_rest_for_s: 0.49 }))).toBe('running');
  expect(reason(base({ in_goal_at_rest_for_s: 0.5 }))).toBe('success');
  const v = classifyStep(base({ in_goal_at_rest_for_s: 0.5 }));
  expect(v.kind === 'success' && v.detail).toMatch(/came to rest in the goal zone .* below 0\.05 m\/s for 0\.5 s/);
  // in the goal (box test on the centre) and slower than 0.05 m/s
  const goal = base().goal;
  expect(inGoalAtRest(goal, [0, 0, 0.5], [0, 0, -0.049])).toBe(true);
  expect(inGoalAtRest(goal, [0, 0, 0.5], [0.03, 0, -0.04])).toBe(false); // 0.05 m/s is not below 0.05
  expect(inGoalAtRest(goal, [0, 0, 0.7], [0, 0, 0])).toBe(false); // at rest, outside
  // the tracker counts continuous rest only: a bounce (speed up) or leaving the zone restarts it
  const rest = new GoalRestTracker();
  for (let i = 0; i < 100; i++) rest.update(true, 1 / 240);
  rest.update(false, 1 / 240);
  expect(rest.restFor).toBe(0);
  expect(rest.maxRestFor).toBeCloseTo(100 / 240, 9);
  for (let i = 0; i < 120; i++) rest.update(true, 1 / 240);
  expect(rest.restFor).toBeCloseTo(0.5, 9);
});

test('timeout details say where the moved object is; a smoke horizon says no failure happened and that smoke cannot succeed', () => {
  const at = (over: Partial<StepState>) => {
    const v = classifyStep(base({ t: 0.5, ...over }));
    return v.kind === 'failure' ? v.failure : null;
  };
  expect(at({})).toMatchObject({ reason: 'TIMEOUT', detail: expect.stringMatching(/did not rest in the goal zone.*in the goal zone but moving at 1\.000 m\/s/) });
  expect(at({ smoke: true, in_goal_at_rest_for_s: 0.2, bodies: [{ ...base().bodies[0]!, linvel: [0, 0, 0] }] })).toMatchObject({
    reason: 'TIMEOUT',
    detail: expect.stringMatching(/^no failure within the 0\.5 s smoke horizon; moved object "ball" is in the goal zone at rest for 0\.200 s of the 0\.5 s needed\. A smoke run cannot succeed.*smoke_test_mode: false$/),
  });
  // even a full dwell completing on the horizon's step is a timeout: the contract checks the horizon first
  expect(at({ in_goal_at_rest_for_s: 0.5 })?.reason).toBe('TIMEOUT');
  expect(at({ bodies: [{ ...base().bodies[0]!, position: [0.5, 0, 0] }] })?.detail).toMatch(/is at \[0\.5, 0, 0\], outside the goal zone/);
});

test('runaway speed and spin are instability; wall-clock overrun is a timeout', () => {
  const body = base().bodies[0]!;
  expect(reason(base({ bodies: [{ ...body, position: [0.5, 0, 0], linvel: [0, 0, -101] }] }))).toBe('PHYSICS_INSTABILITY');
  expect(reason(base({ bodies: [{ ...body, position: [0.5, 0, 0], angvel: [6000, 0, 0] }] }))).toBe('PHYSICS_INSTABILITY');
  expect(reason(base({ wall_s: 121 }))).toBe('TIMEOUT');
});

test('setpoint signals: constant, sinusoidal, square, trapezoidal', () => {
  expect(signal({ type: 'constant', value: 3 }, 7)).toBe(3);
  const sin = { type: 'sinusoidal', amplitude: 2, frequency_hz: 1, offset: 1 } as const;
  expect(signal(sin, 0.25)).toBeCloseTo(3, 9);
  expect(signal(sin, 0.75)).toBeCloseTo(-1, 9);
  const sq = { type: 'square', amplitude: 1, frequency_hz: 2 } as const;
  expect([0.1, 0.3, 0.6, 0.8].map((t) => signal(sq, t))).toEqual([1, -1, 1, -1]);
  const tr = { type: 'trapezoidal', amplitude: 4, period_s: 2, rise_s: 0.2 } as const;
  expect([0, 0.1, 0.5, 0.9, 1.1, 1.5].map((t) => +signal(tr, t).toFixed(6))).toEqual([0, 2, 4, 2, -2, -4]);
});

test('servos: position is PD with the part gains; the other types are velocity setpoints tracked by an inertia-scaled PI', () => {
  const pd = new Servo({ type: 'position', target: 1, kp: 10, kd: 2 }, [-100, 100], 0.5);
  expect(pd.update(0, 0.5, 1, 1 / 240)).toBeCloseTo(3, 9);
  expect(pd.setpoint).toBe(1);
  // velocity servo on a 2 kg body: demand = M·(KV·e + KI·∫e)
  const dt = 1 / 240;
  const v = new Servo({ type: 'constant', value: 0.1 }, [-100, 100], 2);
  expect(v.update(0, 0, 0, dt)).toBeCloseTo(2 * (SERVO_KV * 0.1 + SERVO_KI * 0.1 * dt), 9);
  expect(v.setpoint).toBe(0.1);
  // tracking the setpoint exactly with no load: the demand decays to the integral's share only
  expect(v.update(dt, 0, 0.1, dt)).toBeCloseTo(2 * SERVO_KI * 0.1 * dt, 9);
});

test('servo anti-windup: a stalled servo saturates at the range and its integral stops growing; it lets go at once when the setpoint reverses', () => {
  const dt = 1 / 240;
  const s = new Servo({ type: 'square', amplitude: 0.05, frequency_hz: 0.1 }, [-2, 2], 0.0628);
  for (let i = 0; i < 240 * 4; i++) s.update(i * dt, 0.05, 0, dt); // held still by an end stop for 4 s
  expect(s.applied).toBeCloseTo(2, 9); // the servo needs all the motor has
  expect(s.demand).toBeCloseTo(2, 9);
  expect(0.0628 * SERVO_KI * s.integral).toBeLessThanOrEqual(2 + 1e-9); // but the integral alone stays within the range
  const held = s.integral;
  s.update(4, 0.05, 0, dt);
  expect(s.integral).toBe(held); // no wind-up past the range
  // the square wave turns negative at t = 5 s: the demand leaves saturation within a few steps, not after unwinding seconds of integral
  let steps = 0;
  for (let t = 5; s.applied >= 1.8 && steps < 1000; t += dt, steps++) s.update(t, 0.05, 0, dt);
  expect(steps).toBeLessThan(30);
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
