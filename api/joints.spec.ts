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

  test('INT-038 controller functions (constant, sinusoidal, square, trapezoidal, position) drive joints in simulation', { tag: ['@p1', '@INT-038'] }, async ({ workerLight, workerHeavy, sessionId }) => {
    const controllers: Record<string, Record<string, unknown>> = {
      c_constant: { type: 'constant', value: 0.05 },
      c_sinusoidal: { type: 'sinusoidal', amplitude: 0.05, frequency_hz: 2 },
      c_square: { type: 'square', amplitude: 0.05, frequency_hz: 2 },
      c_trapezoidal: { type: 'trapezoidal', amplitude: 0.05, period_s: 0.5, rise_s: 0.05 },
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
    const m = 0.02 ** 3 * 7850;
    const traj = await trajectory(workerLight, sessionId);
    const end = traj.frames.at(-1)!;
    const x = (name: string) => end.poses[name]![0]!;
    await test.step('every motor reports its controller and stays inside its force range', async () => {
      expect(body.artifacts.motors.map((mo: { part: string; controller: string }) => [mo.part, mo.controller])).toEqual(Object.entries(controllers).map(([p, c]) => [p, c.type]));
      for (const mo of body.artifacts.motors) expect(Math.abs(mo.peak_applied)).toBeLessThanOrEqual(1);
    });
    await test.step('constant: x = ½(F/m)t²', async () => expect(x('c_constant')).toBeCloseTo((0.5 * 0.05 * end.t ** 2) / m, 2));
    await test.step('sinusoidal: x = (A/m)(t/ω − sin ωt/ω²)', async () => {
      const w = 2 * Math.PI * 2;
      expect(x('c_sinusoidal')).toBeCloseTo((0.05 / m) * (end.t / w - Math.sin(w * end.t) / w ** 2), 2);
    });
    await test.step('square: +A for half a period then −A: x(T) = (A/m)·T²/4 and the carriage is at rest', async () => {
      expect(x('c_square')).toBeCloseTo(((0.05 / m) * 0.5 ** 2) / 4, 2);
    });
    await test.step('trapezoidal: x(T) from integrating the trapezoid twice', async () => {
      const dt = 1e-4;
      let v = 0, pos = 0;
      for (let t = 0; t < 0.5; t += dt) {
        const tp = t % 0.25;
        const level = tp < 0.05 ? tp / 0.05 : tp > 0.2 ? (0.25 - tp) / 0.05 : 1;
        v += ((t < 0.25 ? 1 : -1) * 0.05 * level / m) * dt;
        pos += v * dt;
      }
      expect(x('c_trapezoidal')).toBeCloseTo(pos, 2);
    });
    await test.step('position: the PD loop brings the carriage to its 2 cm target', async () => expect(x('c_position')).toBeCloseTo(0.02, 2));
  });
});
