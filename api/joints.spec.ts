import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';
import { putScene } from './support/heavy-scenes.ts';

const START = { start: [-0.3, -0.3, 0.0101] };
const FLOOR = `part('floor', box([0.8, 0.8, 0.02]).translate(0, 0, -0.01), { material_id: 'aluminum_6061', fixed: true })`;

async function trajectory(workerLight: Parameters<typeof putScene>[0], sid: string) {
  const res = await workerLight.post('/fs/read', { headers: sessionHeaders(sid), data: { path: 'simulation_trajectory.json' } });
  return JSON.parse((await res.json()).content) as { frames: { t: number; poses: Record<string, number[]> }[] };
}

test.describe('joints and controllers', () => {
  test('INT-037 joints in build scripts map to simulator constraints and actuators', { tag: ['@p1', '@INT-037'] }, async ({ workerLight, workerHeavy, sessionId }) => {
    await test.step('a 10 cm arm on a revolute joint swings under gravity and stays on its pivot', async () => {
      await putScene(
        workerLight,
        sessionId,
        `import { box, part } from 'workbench/cad';
export default () => [${FLOOR},
  part('arm', box([0.1, 0.01, 0.01]).translate(0.05, 0, 0.3), { material_id: 'aluminum_6061', fixed: false, joint: { type: 'revolute', anchor: [0, 0, 0.3], axis: [0, 1, 0] } }),
];
`,
        START,
      );
      const res = await workerHeavy.post('/benchmark/simulate', { headers: sessionHeaders(sessionId), data: { smoke_test_mode: true, seed: 1 } });
      const body = await res.json();
      expect(body.artifacts.scene.joints).toEqual([
        { part: 'arm', type: 'revolute', parent: 'world', anchor: [0, 0, 0.3], axis: [0, 1, 0], limits: null, force_range: null, controller: null },
      ]);
      expect(body.artifacts.scene.bodies.find((b: { name: string }) => b.name === 'arm')).toMatchObject({ kind: 'dynamic' });
      const traj = await trajectory(workerLight, sessionId);
      for (const f of traj.frames) {
        const [x, , z] = f.poses.arm!;
        expect(Math.hypot(x!, z! - 0.3)).toBeCloseTo(0.05, 3); // the centroid stays 5 cm from the pivot
      }
      expect(traj.frames.at(-1)!.poses.arm![2]).toBeLessThan(0.27); // it swung down
    });
    await test.step('expected failure: a joint naming a missing parent → VALIDATION_FAILED naming the part', async () => {
      const sid = `${sessionId}-orphan`;
      await putScene(
        workerLight,
        sid,
        `import { box, part } from 'workbench/cad';
export default () => [${FLOOR}, part('arm', box([0.1, 0.01, 0.01]).translate(0.05, 0, 0.3), { material_id: 'steel', fixed: false, joint: { type: 'revolute', parent: 'ghost', anchor: [0, 0, 0.3] } })];
`,
        START,
      );
      const body = await (await workerHeavy.post('/benchmark/simulate', { headers: sessionHeaders(sid), data: { smoke_test_mode: true } })).json();
      expect(body.artifacts.failure).toMatchObject({ reason: 'VALIDATION_FAILED', detail: expect.stringContaining('part "arm" joint.parent "ghost" is not another part of the assembly') });
    });
  });

  test('INT-038 controller functions (constant, sinusoidal, square, trapezoidal, position) drive joints in simulation as servos', { tag: ['@p1', '@INT-038'] }, async ({ workerLight, workerHeavy, sessionId }) => {
    // constant/sinusoidal/square/trapezoidal are joint VELOCITY setpoints (m/s here) tracked by the
    // velocity servo; position is a PD loop to a target (m). Each carriage is a 62.8 g cube on its own X rail.
    const controllers: Record<string, Record<string, unknown>> = {
      c_constant: { type: 'constant', value: 0.1 },
      c_sinusoidal: { type: 'sinusoidal', amplitude: 0.08, frequency_hz: 2 },
      c_square: { type: 'square', amplitude: 0.08, frequency_hz: 2 },
      c_trapezoidal: { type: 'trapezoidal', amplitude: 0.08, period_s: 0.5, rise_s: 0.05 },
      c_position: { type: 'position', target: 0.02, kp: 400, kd: 8 },
    };
    const carriages = Object.entries(controllers).map(([name, controller], i) =>
      `part('${name}', box([0.02, 0.02, 0.02]).translate(0, ${i * 0.05}, 0.2), { material_id: 'steel', fixed: false, joint: { type: 'prismatic', anchor: [0, ${i * 0.05}, 0.2], axis: [1, 0, 0], force_range: [-1, 1], controller: ${JSON.stringify(controller)} } })`,
    );
    await putScene(workerLight, sessionId, `import { box, part } from 'workbench/cad';\nexport default () => [${FLOOR}, ${carriages.join(',\n')}];\n`, START);
    const body = await test.step('one smoke run drives all five carriages', async () => {
      const res = await workerHeavy.post('/benchmark/simulate', { headers: sessionHeaders(sessionId), data: { smoke_test_mode: true, seed: 1 } });
      return res.json();
    });
    const traj = await trajectory(workerLight, sessionId);
    const end = traj.frames.at(-1)!;
    const x = (name: string, f = end) => f.poses[name]![0]!;
    /** x(t) = ∫₀ᵗ v*(s) ds for a setpoint given as a function of time (fine numeric integration). */
    const travel = (v: (t: number) => number, t: number) => {
      const dt = 1e-5;
      let pos = 0;
      for (let s = 0; s < t; s += dt) pos += v(s) * dt;
      return pos;
    };
    /** Every 30 Hz sample follows ∫v* within the servo's lag (< 2 mm), and the motion is large against that. */
    const follows = (name: string, v: (t: number) => number, minPeak: number) => {
      for (const f of traj.frames) expect(Math.abs(x(name, f) - travel(v, f.t)), `${name} at t=${f.t}`).toBeLessThan(0.002);
      expect(Math.max(...traj.frames.map((f) => Math.abs(x(name, f))))).toBeGreaterThan(minPeak);
    };
    await test.step('every motor reports its controller and servo mode and stays inside its force range, without overload', async () => {
      expect(body.artifacts.motors.map((mo: { part: string; controller: string; servo: string }) => [mo.part, mo.controller, mo.servo])).toEqual(
        Object.entries(controllers).map(([p, c]) => [p, c.type, c.type === 'position' ? 'position' : 'velocity']),
      );
      for (const mo of body.artifacts.motors) {
        expect(Math.abs(mo.peak_applied)).toBeLessThanOrEqual(1);
        expect(mo.max_saturated_s).toBeLessThan(0.1);
      }
    });
    await test.step('constant: a 0.1 m/s setpoint moves the carriage x = 0.1·t', async () => {
      follows('c_constant', () => 0.1, 0.04);
      expect(x('c_constant')).toBeCloseTo(0.1 * end.t, 2);
    });
    await test.step('sinusoidal: v* = A·sin ωt, so x = (A/ω)(1 − cos ωt), peak 2A/ω = 12.7 mm', async () => {
      const w = 2 * Math.PI * 2;
      follows('c_sinusoidal', (t) => 0.08 * Math.sin(w * t), 0.01);
    });
    await test.step('square: +A for half a period then −A: a triangle in x, 2 cm at the half period, back at 0 after it', async () => {
      follows('c_square', (t) => ((t * 2) % 1 < 0.5 ? 0.08 : -0.08), 0.015);
      expect(x('c_square')).toBeCloseTo(0, 2);
    });
    await test.step('trapezoidal: x from integrating the velocity trapezoid', async () => {
      follows('c_trapezoidal', (t) => {
        const tp = t % 0.25;
        const level = tp < 0.05 ? tp / 0.05 : tp > 0.2 ? (0.25 - tp) / 0.05 : 1;
        return (t % 0.5 < 0.25 ? 1 : -1) * 0.08 * level;
      }, 0.012);
    });
    await test.step('position: the PD loop brings the carriage to its 2 cm target', async () => expect(x('c_position')).toBeCloseTo(0.02, 2));
  });
});
