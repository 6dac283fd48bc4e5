// Physics honesty: each scene's outcome is what a ball/slider would really do.
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { loadSession } from '../validate.ts';
import { runSimulation } from './run.ts';
import { sceneDir, SCRIPTS, tiltedPlateStart, type SceneOptions } from './scenes.fixture.ts';

async function simulate(o: SceneOptions, smoke: boolean, seed = 1) {
  const dir = sceneDir(o);
  const s = await loadSession(dir, 'script.ts');
  return runSimulation(s.parts, s.objectives, { smoke, seed });
}

test('a ball dropped 12 cm above the goal zone lands in it after √(2h/g)', async () => {
  const r = await simulate({ script: SCRIPTS.floor, start: [0.35, 0.35, 0.2], goal: { min: [0.3, 0.3, 0], max: [0.4, 0.4, 0.08] } }, true);
  expect(r.failure).toBeNull();
  expect(r.success).toBe(true);
  expect(r.time_elapsed_s).toBeCloseTo(Math.sqrt((2 * 0.12) / 9.81), 1);
});

test('a ball resting on a plate far from the goal times out at the smoke horizon without moving', async () => {
  const r = await simulate({ script: SCRIPTS.floor, start: [-0.2, -0.2, 0.0101] }, true);
  expect(r.failure?.reason).toBe('TIMEOUT');
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

test('a 10⁶ N actuator on an 63 g carriage is a runaway: PHYSICS_INSTABILITY', async () => {
  const r = await simulate({ script: SCRIPTS.slider({ force_range: [-1e6, 1e6], controller: { type: 'constant', value: 1e6 } }), start: [-0.2, -0.2, 0.0101] }, true);
  expect(r.failure?.reason).toBe('PHYSICS_INSTABILITY');
  expect(r.failure?.detail).toMatch(/carriage/);
});

test('the commanded force is clamped: 0.5 N asked, 0.1 N range → x = ½·(0.1/m)·t²', async () => {
  const r = await simulate({ script: SCRIPTS.slider({ force_range: [-0.1, 0.1], controller: { type: 'constant', value: 0.5 } }), start: [-0.2, -0.2, 0.0101] }, true);
  expect(r.failure?.reason).toBe('TIMEOUT');
  const m = r.scene.bodies.find((b) => b.name === 'carriage')!.mass_kg;
  expect(m).toBeCloseTo(0.02 ** 3 * 7850, 6);
  const last = r.trajectory.frames.at(-1)!;
  const x = last.poses.carriage![0]!;
  expect(x).toBeCloseTo(0.5 * (0.1 / m) * last.t ** 2, 2);
  expect(r.motors[0]).toMatchObject({ part: 'carriage', peak_command: 0.5, peak_applied: 0.1, clamped: true });
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

test('a motor held at exactly 90 % of its range (0.045 N of ±0.05 N) overloads at 2 s', async () => {
  const r = await simulate({ script: SCRIPTS.slider({ limits: [0, 0.05], force_range: [-0.05, 0.05], controller: { type: 'constant', value: 0.045 } }), start: [-0.2, -0.2, 0.0101] }, false);
  expect(r.failure?.reason).toBe('MOTOR_OVERLOAD');
  expect(r.time_elapsed_s).toBeCloseTo(2, 1);
  const below = await simulate({ script: SCRIPTS.slider({ limits: [0, 0.05], force_range: [-0.05, 0.05], controller: { type: 'constant', value: 0.0449 } }), start: [-0.2, -0.2, 0.0101] }, false);
  expect(below.failure?.reason).toBe('TIMEOUT');
  expect(below.motors[0]!.max_saturated_s).toBe(0);
});
