import { expect, test } from '../../fixtures/arena.ts';
import { openSession, sessionXml } from '../../fixtures/arena/backend.ts';

const DROP = `<mujoco><option timestep="0.002"/><worldbody><geom name="floor" type="plane" size="1 1 0.1"/>
  <body name="cube" pos="0 0 0.5"><freejoint/><geom type="box" size="0.025 0.025 0.025" mass="0.1"/></body></worldbody></mujoco>`;

/** `name="…" … range="lo hi"` of each element of a kind in the composed MJCF, in document order. */
function ranges(xml: string, element: 'joint' | 'position', attribute: 'range' | 'ctrlrange'): { name: string; lo: number; hi: number }[] {
  return [...xml.matchAll(new RegExp(`<${element}\\b[^>]*>`, 'g'))].flatMap(([tag]) => {
    const name = /\bname="([^"]+)"/.exec(tag)?.[1] ?? /\bjoint="([^"]+)"/.exec(tag)?.[1];
    const range = new RegExp(`\\b${attribute}="([^"]+)"`).exec(tag)?.[1]?.split(/\s+/).map(Number);
    return name && range ? [{ name, lo: range[0]!, hi: range[1]! }] : [];
  });
}

test.describe('episodes are physics', () => {
  test('INT-205 rollouts are MuJoCo physics: a released cube falls and rests, joints follow their targets within limits, time advances by the timestep', { tag: ['@p0', '@INT-205'] }, async ({ policyMock, policyIk, backend }) => {
    await test.step('a cube released at 0.5 m falls under gravity and comes to rest on the floor', async () => {
      const res = await policyMock.post('/episode', { data: { instruction: 'wait', xml_string: DROP, steps: 60, control_dt: 0.02 } });
      expect(res.status()).toBe(200);
      const e = await res.json();
      expect(e.states).toHaveLength(e.actions.length);
      const z = e.states.map((s: { qpos: number[] }) => s.qpos[2]);
      // Free fall: after t seconds z = 0.5 − g t²/2, until the floor.
      expect(z[9]).toBeCloseTo(0.5 - (9.81 * 0.2 ** 2) / 2, 2);
      for (let i = 1; i < 12; i++) expect(z[i]).toBeLessThan(z[i - 1]);
      expect(z.at(-1)).toBeCloseTo(0.025, 2);
      expect(Math.hypot(...e.states.at(-1).qvel)).toBeLessThan(0.01);
    });

    await test.step('time advances by whole timesteps: each action is held for control_dt = substeps × timestep', async () => {
      const res = await policyMock.post('/episode', { data: { instruction: 'wait', xml_string: DROP, steps: 10, control_dt: 0.005 } });
      const e = await res.json();
      expect(e).toMatchObject({ timestep: 0.002, control_dt: 0.006, steps: 10, truncated: false });
      e.states.forEach((s: { time: number }, i: number) => expect(s.time).toBeCloseTo((i + 1) * 0.006, 9));
    });

    const xml = await sessionXml(backend, (await openSession(backend)).session_id);
    await test.step('mock-vla on the arm: the joints follow the commanded targets and never leave their ranges', async () => {
      const res = await policyMock.post('/episode', { data: { instruction: 'wave to the camera', xml_string: xml, steps: 150 } });
      const e = await res.json();
      expect(e.states).toHaveLength(150);
      const joints = ranges(xml, 'joint', 'range').filter((j) => /^joint\d$/.test(j.name));
      const controls = ranges(xml, 'position', 'ctrlrange').slice(0, 7);
      expect(joints).toHaveLength(7);
      for (const s of e.states) joints.forEach((j, i) => expect(s.qpos[i]).toBeGreaterThanOrEqual(j.lo - 0.01));
      for (const s of e.states) joints.forEach((j, i) => expect(s.qpos[i]).toBeLessThanOrEqual(j.hi + 0.01));
      // The last action is held for the last fifth of the episode: the arm has settled on it.
      const last = e.actions.at(-1) as number[];
      const final = e.states.at(-1).qpos as number[];
      controls.forEach((c, i) => {
        const target = c.lo + ((last[i]! + 1) / 2) * (c.hi - c.lo);
        expect(Math.abs(final[i]! - target), `joint${i + 1}`).toBeLessThan(0.05);
      });
      // …and it moved: the targets were not where it started.
      expect(Math.max(...final.slice(0, 7).map((q, i) => Math.abs(q - e.states[0].qpos[i])))).toBeGreaterThan(0.1);
    });

    await test.step('ik-grasp closes on the red cube it was told to pick up and lifts it off the table; the others stay', async () => {
      const res = await policyIk.post('/episode', { data: { instruction: 'pick up the red cube', xml_string: xml, steps: 200 } });
      const e = await res.json();
      // qpos: the arm's 7 joints and 2 fingers, then each cube's position and orientation (7), in scene order.
      const cubeZ = (s: { qpos: number[] }, k: number) => s.qpos[9 + 7 * k + 2]!;
      const [start, end] = [e.states[0], e.states.at(-1)];
      expect(cubeZ(start, 0)).toBeCloseTo(0.325, 2);
      expect(cubeZ(end, 0)).toBeGreaterThan(0.4);
      expect(cubeZ(end, 1)).toBeCloseTo(0.325, 2);
      expect(cubeZ(end, 2)).toBeCloseTo(0.325, 2);
      // The gripper closed on it: the finger opening stops at the cube's width (5 cm), not at 0.
      expect(end.qpos[7]).toBeGreaterThan(0.015);
      expect(end.qpos[7]).toBeLessThan(0.03);
    });

    await test.step('expected failure: mock-vla, told the same, moves no cube (it does not look at the scene)', async () => {
      const res = await policyMock.post('/episode', { data: { instruction: 'pick up the red cube', xml_string: xml, steps: 200 } });
      const e = await res.json();
      expect(e.states.at(-1).qpos[11]).toBeLessThan(0.34);
    });
  });
});
