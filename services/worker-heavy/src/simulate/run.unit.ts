// Physics honesty: each scene's outcome is what a ball/slider would really do.
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { loadSession } from '../validate.ts';
import { runSimulation } from './run.ts';
import { GOAL_DWELL_S, GOAL_REST_SPEED } from './classify.ts';
import { SERVO_KI } from './controllers.ts';
import { FLOOR, sceneDir, SCRIPTS, tiltedPlateStart, type SceneOptions } from './scenes.fixture.ts';

async function simulate(o: SceneOptions, smoke: boolean, seed = 1) {
  const dir = sceneDir(o);
  const s = await loadSession(dir, 'script.ts');
  return runSimulation(s.parts, s.objectives, { smoke, seed });
}

const DROP: SceneOptions = { script: SCRIPTS.floor, start: [0.35, 0.35, 0.2], goal: { min: [0.3, 0.3, 0], max: [0.4, 0.4, 0.08] } };

test('a ball dropped onto the floor plate inside the goal zone lands after √(2h/g), settles and succeeds after resting 0.5 s', async () => {
  const r = await simulate(DROP, false);
  expect(r.failure).toBeNull();
  expect(r.success).toBe(true);
  expect(r.detail).toMatch(/came to rest in the goal zone/);
  const land = Math.sqrt((2 * 0.19) / 9.81); // centre from 0.2 m to one radius above the plate
  expect(r.time_elapsed_s).toBeGreaterThanOrEqual(land + GOAL_DWELL_S);
  expect(r.time_elapsed_s).toBeLessThan(land + GOAL_DWELL_S + 0.5); // restitution 0.2: the bounces die out fast
  expect(r.final_position[2]).toBeCloseTo(0.01, 3);
  expect(r.final_speed).toBeLessThan(GOAL_REST_SPEED);
  expect(r.goal_rest).toMatchObject({ rest_speed_m_s: 0.05, dwell_s: 0.5, max_in_goal_at_rest_s: 0.5, entered_goal: true });
  expect(r.smoke_check).toBeNull();
});

test('expected failure: the same drop as a 0.5 s smoke run cannot succeed: TIMEOUT saying no failure happened within the smoke horizon', async () => {
  const r = await simulate(DROP, true);
  expect(r.success).toBe(false);
  expect(r.failure?.reason).toBe('TIMEOUT');
  expect(r.failure?.detail).toMatch(/^no failure within the 0\.5 s smoke horizon; moved object "ball" is in the goal zone at rest for 0\.\d+ s of the 0\.5 s needed\. A smoke run cannot succeed/);
  expect(r.smoke_check).toEqual({ horizon_s: 0.5, no_failure: true });
  expect(r.goal_rest.max_in_goal_at_rest_s).toBeLessThan(GOAL_DWELL_S);
});

test('expected failure: a ball falling THROUGH a goal zone onto a floor far below does not succeed — it ends resting outside the goal (TIMEOUT)', async () => {
  const goal = { min: [0.3, 0.3, 0.5], max: [0.4, 0.4, 0.6] };
  const r = await simulate({ script: SCRIPTS.floor, start: [0.35, 0.35, 0.9], goal }, false);
  expect(r.success).toBe(false);
  expect(r.failure?.reason).toBe('TIMEOUT');
  expect(r.failure?.detail).toMatch(/did not rest in the goal zone.*outside the goal zone/);
  expect(r.goal_rest).toMatchObject({ entered_goal: true, max_in_goal_at_rest_s: 0 }); // it was inside the box, never at rest there
  expect(r.trajectory.frames.some((f) => f.poses.ball![2]! > 0.5 && f.poses.ball![2]! < 0.6)).toBe(true);
  expect(r.final_position[2]).toBeCloseTo(0.01, 3); // on the floor plate, 50 cm below the goal
  // without the floor it falls out of the world instead
  const none = await simulate({ script: `import { box, part } from 'workbench/cad';\nexport default () => [part('post', box([0.02, 0.02, 0.02]).translate(-0.4, -0.4, 0.01), { material_id: 'steel', fixed: true })];`, start: [0.35, 0.35, 0.9], goal }, false);
  expect(none.failure?.reason).toBe('OUT_OF_BOUNDS');
  expect(none.goal_rest.entered_goal).toBe(true);
});

test('a ball resting on a plate far from the goal times out at the smoke horizon without moving', async () => {
  const r = await simulate({ script: SCRIPTS.floor, start: [-0.2, -0.2, 0.0101] }, true);
  expect(r.failure?.reason).toBe('TIMEOUT');
  expect(r.failure?.detail).toMatch(/^no failure within the 0\.5 s smoke horizon; moved object "ball" is at .*, outside the goal zone/);
  expect(r.time_elapsed_s).toBeCloseTo(0.5, 5);
  expect(Math.hypot(r.final_position[0]! + 0.2, r.final_position[1]! + 0.2, r.final_position[2]! - 0.01)).toBeLessThan(1e-3);
});

test('a ball on a 15° plate rolls off and leaves the bounds', async () => {
  const r = await simulate({ script: SCRIPTS.tilted, start: tiltedPlateStart(), bounds: { min: [-0.5, -0.5, -0.1], max: [0.5, 0.5, 0.5] } }, false);
  expect(r.failure?.reason).toBe('OUT_OF_BOUNDS');
  expect(r.failure?.detail).toMatch(/body "ball" left simulation_bounds/);
  // it went downhill (+X) first
  expect(r.final_position[0]).toBeGreaterThan(0.1);
  expect(r.final_position[2]).toBeLessThan(-0.1);
});

test('a ball falling through a forbid zone is FORBID_ZONE_HIT, not a goal', async () => {
  const r = await simulate(
    { script: SCRIPTS.floor, start: [0, 0, 0.3], forbid: [{ name: 'pit', min: [-0.05, -0.05, 0.1], max: [0.05, 0.05, 0.15] }], goal: { min: [-0.05, -0.05, 0], max: [0.05, 0.05, 0.05] } },
    true,
  );
  expect(r.failure?.reason).toBe('FORBID_ZONE_HIT');
  expect(r.failure?.detail).toMatch(/forbid zone "pit"/);
});

test('a 10⁶ N servo chasing a 10⁶ m/s setpoint on a 63 g carriage is a runaway: PHYSICS_INSTABILITY', async () => {
  const r = await simulate({ script: SCRIPTS.slider({ force_range: [-1e6, 1e6], controller: { type: 'constant', value: 1e6 } }), start: [-0.2, -0.2, 0.0101] }, true);
  expect(r.failure?.reason).toBe('PHYSICS_INSTABILITY');
  expect(r.failure?.detail).toMatch(/carriage/);
});

test('the servo effort is clamped: a 2 m/s setpoint on a ±0.1 N motor accelerates the carriage at 0.1 N / m, x = ½·(0.1/m)·t²', async () => {
  const r = await simulate({ script: SCRIPTS.slider({ force_range: [-0.1, 0.1], controller: { type: 'constant', value: 2 } }), start: [-0.2, -0.2, 0.0101] }, true);
  expect(r.failure?.reason).toBe('TIMEOUT');
  const m = r.scene.bodies.find((b) => b.name === 'carriage')!.mass_kg;
  expect(m).toBeCloseTo(0.02 ** 3 * 7850, 6);
  const last = r.trajectory.frames.at(-1)!;
  const x = last.poses.carriage![0]!;
  expect(x).toBeCloseTo(0.5 * (0.1 / m) * last.t ** 2, 2);
  expect(r.motors[0]).toMatchObject({ part: 'carriage', servo: 'velocity', peak_setpoint: 2, peak_applied: 0.1, clamped: true });
  expect(r.motors[0]!.peak_command).toBeGreaterThan(0.1); // the servo asked for more than the motor has
  expect(r.motors[0]!.effective_inertia).toBeCloseTo(m, 6);
});

test('velocity servos track their setpoint: a constant 0.1 m/s moves the carriage 0.1·t', async () => {
  const r = await simulate({ script: SCRIPTS.slider({ force_range: [-1, 1], controller: { type: 'constant', value: 0.1 } }), start: [-0.2, -0.2, 0.0101] }, true);
  const last = r.trajectory.frames.at(-1)!;
  expect(last.poses.carriage![0]!).toBeCloseTo(0.1 * last.t, 3);
  expect(r.motors[0]!.max_saturated_s).toBe(0);
  expect(Math.abs(r.motors[0]!.final_applied)).toBeLessThan(1e-3); // no load: cruising needs no effort
});

const wheel = (controller: Record<string, unknown>, range: number[]) =>
  `import { box, cylinder, part } from 'workbench/cad';\nexport default () => [${FLOOR}, part('wheel', cylinder(0.05, 0.01).translate(0, 0, 0.2), { material_id: 'steel', fixed: false, joint: ${JSON.stringify({ type: 'revolute', anchor: [0, 0, 0.2], axis: [0, 0, 1], force_range: range, controller })} })];`;
/** A 2 cm steel cube on a vertical (Z) prismatic joint at z = 0.2: its servo carries m·g. */
const lift = (controller: Record<string, unknown>, range: number[], limits?: number[]) =>
  `import { box, part } from 'workbench/cad';\nexport default () => [${FLOOR}, part('lift', box([0.02, 0.02, 0.02]).translate(0, 0, 0.2), { material_id: 'steel', fixed: false, joint: ${JSON.stringify({ type: 'prismatic', anchor: [0, 0, 0.2], axis: [0, 0, 1], force_range: range, controller, ...(limits ? { limits } : {}) })} })];`;
const MG = 0.02 ** 3 * 7850 * 9.81;

test('a freely spinning wheel with a big setpoint (60 rad/s on ±0.5 N·m) needs full torque only while it spins up: no overload in 30 s', async () => {
  const r = await simulate({ script: wheel({ type: 'constant', value: 60 }, [-0.5, 0.5]), start: [-0.3, -0.3, 0.0101] }, false);
  expect(r.failure?.reason).toBe('TIMEOUT');
  const mo = r.motors[0]!;
  expect(mo).toMatchObject({ servo: 'velocity', peak_setpoint: 60, peak_applied: 0.5, clamped: true });
  expect(mo.max_saturated_s).toBeGreaterThan(0); // spin-up at full torque: I·ω/τ ≈ 0.09 s
  expect(mo.max_saturated_s).toBeLessThan((1.2 * mo.effective_inertia * 60) / 0.5);
  expect(Math.abs(mo.final_applied)).toBeLessThan(0.01);
  // it really spins at 60 rad/s: the wheel turns 2 rad between two 30 Hz samples
  const [a, b] = r.trajectory.frames.slice(-2).map((f) => 2 * Math.atan2(f.poses.wheel![5]!, f.poses.wheel![6]!));
  const turn = ((((b! - a!) % (2 * Math.PI)) + 3 * Math.PI) % (2 * Math.PI)) - Math.PI;
  expect(turn).toBeCloseTo(60 / 30, 1);
});

test('expected failure: a velocity servo driving its carriage into the end stop stalls at full effort → MOTOR_OVERLOAD 2 s after saturating', async () => {
  const r = await simulate({ script: SCRIPTS.slider({ limits: [0, 0.05], force_range: [-2, 2], controller: { type: 'constant', value: 0.05 } }), start: [-0.2, -0.2, 0.0101] }, false);
  expect(r.failure?.reason).toBe('MOTOR_OVERLOAD');
  expect(r.time_elapsed_s).toBeGreaterThan(1 + 2); // 1 s to reach the stop at 0.05 m/s, then 2 s stalled
  expect(r.time_elapsed_s).toBeLessThan(1 + 2 + 0.5);
  expect(r.trajectory.frames.at(-1)!.poses.carriage![0]!).toBeCloseTo(0.05, 3);
  expect(r.motors[0]!.final_applied).toBeGreaterThanOrEqual(0.9 * 2);
});

test('a lift holding its load still at 89 % of its range does not overload; at 91 % it does, at 2 s (the effort is what gravity needs)', async () => {
  const ok = await simulate({ script: lift({ type: 'constant', value: 0 }, [-MG / 0.89, MG / 0.89]), start: [-0.3, -0.3, 0.0101] }, false);
  expect(ok.failure?.reason).toBe('TIMEOUT');
  expect(ok.motors[0]!.final_applied).toBeCloseTo(MG, 3);
  // held still, g/ω² below its start: the velocity loop's integral is the position lag that carries m·g
  expect(ok.trajectory.frames.at(-1)!.poses.lift![2]!).toBeCloseTo(0.2 - 9.81 / SERVO_KI, 3);
  const over = await simulate({ script: lift({ type: 'constant', value: 0 }, [-MG / 0.91, MG / 0.91]), start: [-0.3, -0.3, 0.0101] }, false);
  expect(over.failure?.reason).toBe('MOTOR_OVERLOAD');
  expect(over.time_elapsed_s).toBeGreaterThanOrEqual(2);
  expect(over.time_elapsed_s).toBeLessThan(2.1);
  expect(over.failure?.detail).toMatch(/motor on "lift"/);
});

test('expected failure: a lift too weak for its load (80 % of m·g) sags however it is commanded → MOTOR_OVERLOAD; with 2 × m·g it follows its setpoint', async () => {
  const weak = await simulate({ script: lift({ type: 'constant', value: 0.05 }, [-0.8 * MG, 0.8 * MG], [-0.15, 0.15]), start: [-0.3, -0.3, 0.0101] }, false);
  expect(weak.failure?.reason).toBe('MOTOR_OVERLOAD');
  expect(weak.trajectory.frames.at(-1)!.poses.lift![2]!).toBeLessThan(0.2); // it went down, not up
  const strong = await simulate({ script: lift({ type: 'sinusoidal', amplitude: 0.05, frequency_hz: 0.5 }, [-2 * MG, 2 * MG], [-0.15, 0.15]), start: [-0.3, -0.3, 0.0101] }, false);
  expect(strong.failure?.reason).toBe('TIMEOUT');
  expect(strong.motors[0]!.max_saturated_s).toBeLessThan(0.5);
  const top = Math.max(...strong.trajectory.frames.map((f) => f.poses.lift![2]!));
  expect(top).toBeCloseTo(0.2 - 9.81 / SERVO_KI + (2 * 0.05) / (2 * Math.PI * 0.5), 2); // ∫ A·sin ωt = A/ω·(1 − cos ωt): peak 2A/ω
});

test('a position controller pushing into the joint limit saturates and overloads at 2 s', async () => {
  const r = await simulate(
    { script: SCRIPTS.slider({ limits: [0, 0.05], force_range: [-2, 2], controller: { type: 'position', target: 0.2, kp: 1000, kd: 5 } }), start: [-0.2, -0.2, 0.0101] },
    false,
  );
  expect(r.failure?.reason).toBe('MOTOR_OVERLOAD');
  expect(r.time_elapsed_s).toBeGreaterThanOrEqual(2);
  expect(r.time_elapsed_s).toBeLessThan(2.2);
  const x = r.trajectory.frames.at(-1)!.poses.carriage![0]!;
  expect(x).toBeLessThanOrEqual(0.0505); // held by the limit
});

test('a position controller with a reachable target settles below overload', async () => {
  const r = await simulate(
    { script: SCRIPTS.slider({ limits: [0, 0.05], force_range: [-2, 2], controller: { type: 'position', target: 0.03, kp: 200, kd: 5 } }), start: [-0.2, -0.2, 0.0101] },
    false,
  );
  expect(r.failure?.reason).toBe('TIMEOUT');
  expect(r.motors[0]!.max_saturated_s).toBeLessThan(2);
  expect(r.trajectory.frames.at(-1)!.poses.carriage![0]!).toBeCloseTo(0.03, 3);
});

test('runs are deterministic per seed and the seed moves the jittered start', async () => {
  const o: SceneOptions = { script: SCRIPTS.floor, start: [0.35, 0.35, 0.2], jitter: [0.01, 0.01, 0], goal: { min: [0.3, 0.3, 0], max: [0.4, 0.4, 0.08] } };
  const dir = sceneDir(o);
  const s = await loadSession(dir, 'script.ts');
  const a = await runSimulation(s.parts, s.objectives, { smoke: true, seed: 7 });
  const b = await runSimulation(s.parts, s.objectives, { smoke: true, seed: 7 });
  const c = await runSimulation(s.parts, s.objectives, { smoke: true, seed: 8 });
  expect(JSON.stringify(a.trajectory)).toBe(JSON.stringify(b.trajectory));
  expect(a.start_position).not.toEqual(c.start_position);
  expect(Math.abs(a.start_position[0] - 0.35)).toBeLessThanOrEqual(0.01);
  expect(path.isAbsolute(dir)).toBe(true);
});

test('no tunnelling: a 2 mm steel ball dropped from 1.4 m comes to rest on the 2 cm floor plate', async () => {
  const r = await simulate({ script: SCRIPTS.floor, start: [0, 0, 1.4], radius: 0.002, bounds: { min: [-1, -1, -0.2], max: [1, 1, 2] } }, false);
  expect(r.failure?.reason).toBe('TIMEOUT');
  expect(r.final_position[2]).toBeCloseTo(0.002, 3); // resting on the top face at z = 0
  for (const f of r.trajectory.frames) expect(f.poses.ball![2]!).toBeGreaterThan(0.001); // never inside the plate
});

test('expected failure: a fast 2 mm ball crossing a 2 mm forbid sheet between two steps is FORBID_ZONE_HIT', async () => {
  // ≈ 5 m/s at the sheet: 2 cm per 1/240 s step, so the sheet lies between two sampled positions
  const r = await simulate(
    { script: SCRIPTS.floor, start: [0, 0, 1.4], radius: 0.002, bounds: { min: [-1, -1, -0.2], max: [1, 1, 2] }, forbid: [{ name: 'sheet', min: [-0.1, -0.1, 0.1], max: [0.1, 0.1, 0.102] }] },
    false,
  );
  expect(r.failure?.reason).toBe('FORBID_ZONE_HIT');
  expect(r.failure?.detail).toMatch(/forbid zone "sheet"/);
  expect(r.final_position[2]).toBeLessThan(0.1); // it was already past the sheet when detected
});


