import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';
import type { APIRequestContext } from '@playwright/test';
import { CUBE_WEIGHT_N, heavy, objectivesYaml, putFile, putScene, SCRIPTS, sessionEvents, tiltedPlateStart, type Objectives } from './support/heavy-scenes.ts';

type Sim = { success: boolean; message: string; artifacts: Record<string, any>; events: { event_type: string; [k: string]: any }[] };

async function simulate(workerHeavy: APIRequestContext, sessionId: string, body: Record<string, unknown>): Promise<Sim> {
  const res = await workerHeavy.post('/benchmark/simulate', { headers: sessionHeaders(sessionId), data: body });
  expect(res.status()).toBe(200);
  return res.json();
}

/** The response and events.jsonl both carry the request/result pair with the expected outcome. */
async function expectOutcome(workerLight: APIRequestContext, sessionId: string, sim: Sim, reason: string | null) {
  expect(sim.success).toBe(reason === null);
  expect(sim.artifacts.failure?.reason ?? null).toBe(reason);
  if (reason) expect(sim.message).toContain(reason);
  const types = sim.events.map((e) => e.event_type);
  expect(types).toEqual(expect.arrayContaining(['simulation_request', 'simulation_result']));
  const result = sim.events.find((e) => e.event_type === 'simulation_result')!;
  expect(result).toMatchObject({ success: reason === null, failure_reason: reason, seed: sim.artifacts.seed, variant_id: sim.artifacts.variant_id });
  const stream = await sessionEvents(workerLight, sessionId);
  expect(stream).toContainEqual(result);
}

test.describe('simulation', () => {
  test('INT-020 simulation taxonomy: resting in the goal, forbid zone, out of bounds, timeout and instability are classified by real physics', { tag: ['@p0', '@INT-020'] }, async ({
    workerLight,
    workerHeavy,
    sessionId,
  }) => {
    const scenes: [string, string, string, Objectives, boolean, string | null][] = [
      ['success: a ball dropped onto the floor plate inside the goal zone comes to rest there (below 0.05 m/s for 0.5 s)', 'goal', SCRIPTS.floor, { start: [0.35, 0.35, 0.2] }, false, null],
      ['expected failure: a ball falling THROUGH a goal zone onto a floor 50 cm below → TIMEOUT, resting on the floor outside the goal', 'through', SCRIPTS.floor,
        { start: [0.35, 0.35, 0.9], goal: { min: [0.3, 0.3, 0.5], max: [0.4, 0.4, 0.6] } }, false, 'TIMEOUT'],
      ['expected failure: the resting drop as a 0.5 s smoke run cannot succeed → TIMEOUT: no failure within the smoke horizon', 'smoke', SCRIPTS.floor, { start: [0.35, 0.35, 0.2] }, true, 'TIMEOUT'],
      ['expected failure: a ball falling through a forbid zone → FORBID_ZONE_HIT', 'forbid', SCRIPTS.floor,
        { start: [0, 0, 0.3], forbid: [{ name: 'pit', min: [-0.05, -0.05, 0.1], max: [0.05, 0.05, 0.15] }], goal: { min: [-0.05, -0.05, 0], max: [0.05, 0.05, 0.05] } }, true, 'FORBID_ZONE_HIT'],
      ['expected failure: a ball rolling off a 15° plate leaves the bounds → OUT_OF_BOUNDS', 'oob', SCRIPTS.tilted,
        { start: tiltedPlateStart(), bounds: { min: [-0.5, -0.5, -0.1], max: [0.5, 0.5, 0.5] }, build: { min: [-0.2, -0.2, -0.05], max: [0.2, 0.2, 0.1] } }, false, 'OUT_OF_BOUNDS'],
      ['expected failure: a ball resting on the plate far from the goal → TIMEOUT at the 0.5 s smoke horizon', 'timeout', SCRIPTS.floor, { start: [-0.2, -0.2, 0.0101] }, true, 'TIMEOUT'],
      ['expected failure: a 10⁶ N servo chasing 10⁶ m/s on a 63 g carriage runs away → PHYSICS_INSTABILITY', 'unstable',
        SCRIPTS.slider({ force_range: [-1e6, 1e6], controller: { type: 'constant', value: 1e6 } }), { start: [-0.2, -0.2, 0.0101] }, true, 'PHYSICS_INSTABILITY'],
    ];
    for (const [title, suffix, script, objectives, smoke, reason] of scenes) {
      await test.step(title, async () => {
        const sid = `${sessionId}-${suffix}`;
        await putScene(workerLight, sid, script, objectives);
        const sim = await simulate(workerHeavy, sid, { smoke_test_mode: smoke, seed: 1 });
        await expectOutcome(workerLight, sid, sim, reason);
        const land = Math.sqrt((2 * 0.19) / 9.81); // the centre falls from 0.2 m to one radius above the plate
        if (suffix === 'goal') {
          // lands, bounces out its energy (restitution 0.2) and then rests the full 0.5 s dwell
          expect(sim.artifacts.time_elapsed_s).toBeGreaterThanOrEqual(land + 0.5);
          expect(sim.artifacts.time_elapsed_s).toBeLessThan(land + 1);
          expect(sim.message).toMatch(/came to rest in the goal zone .* below 0\.05 m\/s for 0\.5 s/);
          expect(sim.artifacts.goal_rest).toEqual({ rest_speed_m_s: 0.05, dwell_s: 0.5, max_in_goal_at_rest_s: 0.5, entered_goal: true });
          expect(sim.artifacts.final_speed).toBeLessThan(0.05);
        }
        if (suffix === 'through') {
          expect(sim.artifacts.time_elapsed_s).toBeCloseTo(30, 3);
          expect(sim.artifacts.failure.detail).toMatch(/did not rest in the goal zone .*outside the goal zone/);
          expect(sim.artifacts.goal_rest).toMatchObject({ entered_goal: true, max_in_goal_at_rest_s: 0 }); // inside the box on the way down, never at rest there
          expect(sim.artifacts.final_position[2]).toBeCloseTo(0.01, 3); // on the plate, half a metre under the goal
        }
        if (suffix === 'smoke') {
          expect(sim.artifacts.time_elapsed_s).toBeCloseTo(0.5, 5);
          expect(sim.artifacts.failure.detail).toMatch(/^no failure within the 0\.5 s smoke horizon; moved object "ball" is in the goal zone at rest for 0\.\d+ s of the 0\.5 s needed\. A smoke run cannot succeed.*smoke_test_mode: false$/);
          expect(sim.artifacts.smoke_check).toEqual({ horizon_s: 0.5, no_failure: true });
          expect(sim.artifacts.goal_rest.max_in_goal_at_rest_s).toBeLessThan(0.5);
        }
        if (suffix === 'timeout') {
          expect(sim.artifacts.time_elapsed_s).toBeCloseTo(0.5, 5);
          expect(sim.artifacts.failure.detail).toMatch(/^no failure within the 0\.5 s smoke horizon; moved object "ball" is at .*, outside the goal zone/);
        }
        if (suffix === 'oob') expect(sim.artifacts.failure.detail).toMatch(/body "ball" left simulation_bounds/);
      });
    }

    await test.step('the result file, trajectory and GLB (one named mesh per part) are in the session', async () => {
      const sid = `${sessionId}-goal`;
      const result = JSON.parse((await (await workerLight.post('/fs/read', { headers: sessionHeaders(sid), data: { path: 'simulation_result.json' } })).json()).content);
      expect(result).toMatchObject({ success: true, seed: 1, failure: null });
      const traj = JSON.parse((await (await workerLight.post('/fs/read', { headers: sessionHeaders(sid), data: { path: 'simulation_trajectory.json' } })).json()).content);
      expect(traj.bodies).toEqual(['ball', 'floor']);
      expect(traj.frames[0].poses.ball.slice(0, 3)).toEqual([0.35, 0.35, 0.2]);
      expect(traj.frames.at(-1).poses.ball[2]).toBeLessThan(0.08);
      const glb = await workerLight.get(`/assets/script.glb`, { headers: sessionHeaders(sid) });
      expect(glb.status()).toBe(200);
      expect(glb.headers()['content-type']).toContain('model/gltf-binary');
      const bytes = await glb.body();
      expect(bytes.subarray(0, 4).toString()).toBe('glTF');
      const json = JSON.parse(bytes.subarray(20, 20 + bytes.readUInt32LE(12)).toString());
      expect(json.meshes.map((m: { name: string }) => m.name)).toEqual(['floor', 'ball']);
    });

    await test.step('expected failure: a script returning a part without metadata → VALIDATION_FAILED naming the part', async () => {
      const sid = `${sessionId}-nometa`;
      await putScene(workerLight, sid, `import { box, part } from 'workbench/cad';\nexport default () => [part('bracket', box([0.1, 0.1, 0.1]))];\n`, { start: [0, 0, 0.3] });
      const sim = await simulate(workerHeavy, sid, { smoke_test_mode: true, seed: 1 });
      await expectOutcome(workerLight, sid, sim, 'VALIDATION_FAILED');
      expect(sim.artifacts.failure.detail).toContain('part "bracket" has no PartMetadata');
    });

    await test.step('a 2 mm steel ball dropped from 1.4 m bounces and comes to rest on the 2 cm plate: it does not tunnel through', async () => {
      const sid = `${sessionId}-tunnel`;
      await putScene(workerLight, sid, SCRIPTS.floor, { start: [0, 0, 1.4], radius: 0.002, bounds: { min: [-1, -1, -0.2], max: [1, 1, 2] } });
      const sim = await simulate(workerHeavy, sid, { seed: 1 });
      await expectOutcome(workerLight, sid, sim, 'TIMEOUT');
      expect(sim.artifacts.time_elapsed_s).toBeCloseTo(30, 3);
      expect(sim.artifacts.final_position[2]).toBeCloseTo(0.002, 3); // its centre one radius above the top face
    });

    await test.step('expected failure: the same ball crossing a 2 mm forbid sheet between two physics steps → FORBID_ZONE_HIT', async () => {
      const sid = `${sessionId}-sheet`;
      await putScene(workerLight, sid, SCRIPTS.floor, {
        start: [0, 0, 1.4],
        radius: 0.002,
        bounds: { min: [-1, -1, -0.2], max: [1, 1, 2] },
        forbid: [{ name: 'sheet', min: [-0.1, -0.1, 0.1], max: [0.1, 0.1, 0.102] }],
      });
      const sim = await simulate(workerHeavy, sid, { seed: 1 });
      await expectOutcome(workerLight, sid, sim, 'FORBID_ZONE_HIT');
      expect(sim.artifacts.failure.detail).toContain('forbid zone "sheet"');
    });

    await test.step('expected failure: a moved object starting inside the goal zone → VALIDATION_FAILED, never a success without physics', async () => {
      const sid = `${sessionId}-ingoal`;
      await putScene(workerLight, sid, SCRIPTS.floor, { start: [0.35, 0.35, 0.05] });
      const sim = await simulate(workerHeavy, sid, { smoke_test_mode: true, seed: 1 });
      await expectOutcome(workerLight, sid, sim, 'VALIDATION_FAILED');
      expect(sim.artifacts.failure.detail).toContain('moved object "ball" start range (start_position ± runtime_jitter) already touches objectives.goal_zone');
    });

    await test.step('expected failure: a part named like the moved object → VALIDATION_FAILED naming it, not merged trajectories', async () => {
      const sid = `${sessionId}-twin`;
      const twin = `import { box, part } from 'workbench/cad';
export default () => [
  part('floor', box([0.8, 0.8, 0.02]).translate(0, 0, -0.01), { material_id: 'steel', fixed: true }),
  part('ball', box([0.02, 0.02, 0.02]).translate(-0.2, -0.2, 0.3), { material_id: 'steel', fixed: false }),
];
`;
      await putScene(workerLight, sid, twin, { start: [0.35, 0.35, 0.2] });
      const sim = await simulate(workerHeavy, sid, { smoke_test_mode: true, seed: 1 });
      await expectOutcome(workerLight, sid, sim, 'VALIDATION_FAILED');
      expect(sim.artifacts.failure.detail).toContain('part "ball" has the same name as the moved object (moved_object.label)');
    });

    await test.step('expected failure: bad requests are 4xx naming the field or header', async () => {
      const noHeader = await workerHeavy.post('/benchmark/simulate', { data: {} });
      expect(noHeader.status()).toBe(400);
      expect(await noHeader.json()).toMatchObject({ field: 'headers.x-session-id' });
      const badSeed = await workerHeavy.post('/benchmark/simulate', { headers: sessionHeaders(`${sessionId}-goal`), data: { seed: 'x' } });
      expect(badSeed.status()).toBe(400);
      expect((await badSeed.json()).message).toContain('body.seed');
      const unknown = await workerHeavy.post('/benchmark/simulate', { headers: sessionHeaders(`${sessionId}-nosuch`), data: {} });
      expect(unknown.status()).toBe(404);
      const escape = await workerHeavy.post('/benchmark/simulate', { headers: sessionHeaders(`${sessionId}-goal`), data: { script_path: '../../etc/passwd' } });
      expect(escape.status()).toBe(403);
      expect(await escape.json()).toMatchObject({ field: 'body.script_path' });
      // The session root, a folder or a file that is not a script: a user's mistake, never a 500.
      for (const [scriptPath, why] of [['/', 'the session root'], ['.', 'the session root'], ['utils', 'a directory'], ['objectives.yaml', 'must name a']] as const) {
        for (const route of ['validate', 'simulate', 'verify'] as const) {
          const r = await heavy(workerHeavy, route, `${sessionId}-goal`, { script_path: scriptPath, ...(route === 'verify' ? { num_runs: 1 } : {}) });
          expect(r.status, `${route} ${scriptPath}`).toBe(400);
          expect(r.body, `${route} ${scriptPath}`).toMatchObject({ error: 'invalid_script_path', field: 'body.script_path', message: expect.stringContaining(why) });
        }
      }
    });

    await test.step('expected failure: a default script.ts that is a folder → VALIDATION_FAILED saying so', async () => {
      const sid = `${sessionId}-folder`;
      await putFile(workerLight, sid, 'script.ts/readme.md', 'not a script');
      await putFile(workerLight, sid, 'objectives.yaml', objectivesYaml({ start: [0.35, 0.35, 0.2] }));
      const sim = await simulate(workerHeavy, sid, { smoke_test_mode: true, seed: 1 });
      await expectOutcome(workerLight, sid, sim, 'VALIDATION_FAILED');
      expect(sim.artifacts.failure.detail).toBe('build script script.ts is a directory, not a file');
    });
  });

  test('INT-027 every simulation records the static variant ID and the runtime seed', { tag: ['@p0', '@INT-027'] }, async ({ workerLight, workerHeavy, sessionId }) => {
    await putScene(workerLight, sessionId, SCRIPTS.floor, { start: [0.35, 0.35, 0.2], jitter: [0.01, 0.01, 0], variant_id: 'drop-v1' });
    const first = await test.step('an explicit seed is echoed with the variant from objectives.yaml', async () => {
      const sim = await simulate(workerHeavy, sessionId, { smoke_test_mode: true, seed: 42 });
      expect(sim.artifacts).toMatchObject({ seed: 42, variant_id: 'drop-v1' });
      expect(sim.events.find((e) => e.event_type === 'simulation_request')).toMatchObject({ seed: 42, variant_id: 'drop-v1' });
      return sim;
    });
    await test.step('the same seed reproduces the run exactly; another seed jitters the start', async () => {
      const again = await simulate(workerHeavy, sessionId, { smoke_test_mode: true, seed: 42 });
      expect(again.artifacts.start_position).toEqual(first.artifacts.start_position);
      expect(again.artifacts.final_position).toEqual(first.artifacts.final_position);
      const other = await simulate(workerHeavy, sessionId, { smoke_test_mode: true, seed: 43 });
      expect(other.artifacts.start_position).not.toEqual(first.artifacts.start_position);
    });
    await test.step('without a seed one is drawn and recorded; a request variant_id overrides', async () => {
      const sim = await simulate(workerHeavy, sessionId, { smoke_test_mode: true, variant_id: 'override-7' });
      expect(Number.isInteger(sim.artifacts.seed)).toBe(true);
      expect(sim.artifacts.variant_id).toBe('override-7');
      const stored = JSON.parse((await (await workerLight.post('/fs/read', { headers: sessionHeaders(sessionId), data: { path: 'simulation_result.json' } })).json()).content);
      expect(stored).toMatchObject({ seed: sim.artifacts.seed, variant_id: 'override-7' });
    });
  });

  test('INT-026 simulation events: each run appends a simulation_request/simulation_result pair to events.jsonl', { tag: ['@p0', '@INT-026'] }, async ({ workerLight, workerHeavy, sessionId }) => {
    await putScene(workerLight, sessionId, SCRIPTS.floor, { start: [0.35, 0.35, 0.2] });
    const runs = await test.step('two simulations return their own events', async () => [
      await simulate(workerHeavy, sessionId, { smoke_test_mode: true, seed: 1 }),
      await simulate(workerHeavy, sessionId, { smoke_test_mode: true, seed: 2 }),
    ]);
    await test.step('events.jsonl holds both pairs in order with timestamps and the session ID', async () => {
      const stream = (await sessionEvents(workerLight, sessionId)).filter((e) => e.event_type.startsWith('simulation_'));
      expect(stream.map((e) => [e.event_type, e.seed])).toEqual([
        ['simulation_request', 1], ['simulation_result', 1], ['simulation_request', 2], ['simulation_result', 2],
      ]);
      for (const e of stream) expect(e).toMatchObject({ session_id: sessionId, timestamp: expect.any(String) });
      expect(runs.flatMap((r) => r.events)).toEqual(stream);
    });
    await test.step('validate emits a manufacturability_check event', async () => {
      const res = await workerHeavy.post('/benchmark/validate', { headers: sessionHeaders(sessionId), data: {} });
      const body = await res.json();
      expect(body.events.map((e: { event_type: string }) => e.event_type)).toEqual(['manufacturability_check']);
      expect((await sessionEvents(workerLight, sessionId)).at(-1)).toEqual(body.events[0]);
    });
  });

  test('INT-004 parallel simulate requests are serialized and the queue position is visible', { tag: ['@p0', '@INT-004'] }, async ({ workerLight, workerHeavy, sessionId }) => {
    await putScene(workerLight, sessionId, SCRIPTS.floor, { start: [-0.2, -0.2, 0.0101] });
    const sims = await test.step('three overlapping requests all complete', async () =>
      Promise.all([1, 2, 3].map((seed) => simulate(workerHeavy, sessionId, { smoke_test_mode: true, seed }))));
    await test.step('they ran one at a time: execution intervals do not overlap', async () => {
      const spans = sims.map((s) => [Date.parse(s.artifacts.queue.started_at), Date.parse(s.artifacts.queue.finished_at)] as const).sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    });
    await test.step('waiting requests say "queued at position N" and emit a simulation_queued event', async () => {
      const queued = sims.filter((s) => s.artifacts.queue.position > 0);
      expect(queued.length).toBeGreaterThanOrEqual(1);
      for (const s of queued) {
        expect(s.message).toMatch(new RegExp(`^queued at position ${s.artifacts.queue.position}`));
        expect(s.events[0]).toMatchObject({ event_type: 'simulation_queued', position: s.artifacts.queue.position });
      }
    });
  });

  test('INT-022 servo effort is clamped to its force range; MOTOR_OVERLOAD follows the effort the load needs, not the command', { tag: ['@p0', '@INT-022'] }, async ({ workerLight, workerHeavy, sessionId }) => {
    await test.step('a 2 m/s velocity setpoint on a ±0.1 N motor: the servo asks for more, the carriage accelerates at 0.1 N / m', async () => {
      const sid = `${sessionId}-clamp`;
      await putScene(workerLight, sid, SCRIPTS.slider({ force_range: [-0.1, 0.1], controller: { type: 'constant', value: 2 } }), { start: [-0.2, -0.2, 0.0101] });
      const sim = await simulate(workerHeavy, sid, { smoke_test_mode: true, seed: 1 });
      expect(sim.artifacts.failure.reason).toBe('TIMEOUT'); // 0.5 s smoke run: under the 2 s overload window
      expect(sim.artifacts.motors[0]).toMatchObject({ part: 'carriage', servo: 'velocity', peak_setpoint: 2, peak_applied: 0.1, clamped: true });
      expect(sim.artifacts.motors[0].peak_command).toBeGreaterThan(0.1);
      const m = sim.artifacts.scene.bodies.find((b: { name: string }) => b.name === 'carriage').mass_kg;
      const traj = JSON.parse((await (await workerLight.post('/fs/read', { headers: sessionHeaders(sid), data: { path: 'simulation_trajectory.json' } })).json()).content);
      const last = traj.frames.at(-1);
      expect(last.poses.carriage[0]).toBeCloseTo(0.5 * (0.1 / m) * last.t ** 2, 2);
    });
    await test.step('expected failure: a position controller driving into its joint limit saturates for 2 s → MOTOR_OVERLOAD', async () => {
      const sid = `${sessionId}-stall`;
      await putScene(workerLight, sid, SCRIPTS.slider({ limits: [0, 0.05], force_range: [-2, 2], controller: { type: 'position', target: 0.2, kp: 1000, kd: 5 } }), { start: [-0.2, -0.2, 0.0101] });
      const sim = await simulate(workerHeavy, sid, { seed: 1 });
      await expectOutcome(workerLight, sid, sim, 'MOTOR_OVERLOAD');
      expect(sim.artifacts.time_elapsed_s).toBeGreaterThanOrEqual(2);
      expect(sim.artifacts.time_elapsed_s).toBeLessThan(2.1);
    });
    await test.step('expected failure: a velocity servo driving its carriage into the end stop at 5 cm stalls at full effort → MOTOR_OVERLOAD', async () => {
      const sid = `${sessionId}-endstop`;
      await putScene(workerLight, sid, SCRIPTS.slider({ limits: [0, 0.05], force_range: [-2, 2], controller: { type: 'constant', value: 0.05 } }), { start: [-0.2, -0.2, 0.0101] });
      const sim = await simulate(workerHeavy, sid, { seed: 1 });
      await expectOutcome(workerLight, sid, sim, 'MOTOR_OVERLOAD');
      // 1 s to reach the stop at 0.05 m/s, the servo winds up to its range, then 2 s stalled
      expect(sim.artifacts.time_elapsed_s).toBeGreaterThan(3);
      expect(sim.artifacts.time_elapsed_s).toBeLessThan(3.5);
      expect(sim.artifacts.motors[0].final_applied).toBeGreaterThanOrEqual(1.8);
    });
    await test.step('a lift holding its 62.8 g load still needs m·g: at 89 % of its range it holds for 30 s without overload', async () => {
      const sid = `${sessionId}-hold89`;
      await putScene(workerLight, sid, SCRIPTS.lift({ force_range: [-CUBE_WEIGHT_N / 0.89, CUBE_WEIGHT_N / 0.89], controller: { type: 'constant', value: 0 } }), { start: [-0.3, -0.3, 0.0101] });
      const sim = await simulate(workerHeavy, sid, { seed: 1 });
      await expectOutcome(workerLight, sid, sim, 'TIMEOUT');
      expect(sim.artifacts.time_elapsed_s).toBeCloseTo(30, 3);
      expect(sim.artifacts.motors[0].final_applied).toBeCloseTo(CUBE_WEIGHT_N, 3);
    });
    await test.step('expected failure: the same load at 91 % of the range held against gravity for 2 s → MOTOR_OVERLOAD', async () => {
      const sid = `${sessionId}-hold91`;
      await putScene(workerLight, sid, SCRIPTS.lift({ force_range: [-CUBE_WEIGHT_N / 0.91, CUBE_WEIGHT_N / 0.91], controller: { type: 'constant', value: 0 } }), { start: [-0.3, -0.3, 0.0101] });
      const sim = await simulate(workerHeavy, sid, { seed: 1 });
      await expectOutcome(workerLight, sid, sim, 'MOTOR_OVERLOAD');
      expect(sim.artifacts.time_elapsed_s).toBeGreaterThanOrEqual(2);
      expect(sim.artifacts.time_elapsed_s).toBeLessThan(2.1);
      expect(sim.artifacts.failure.detail).toContain('motor on "lift"');
    });
    await test.step('expected failure: a lift whose range (80 % of m·g) cannot carry its load sinks while commanded up → MOTOR_OVERLOAD', async () => {
      const sid = `${sessionId}-tooheavy`;
      await putScene(workerLight, sid, SCRIPTS.lift({ limits: [-0.15, 0.15], force_range: [-0.8 * CUBE_WEIGHT_N, 0.8 * CUBE_WEIGHT_N], controller: { type: 'constant', value: 0.05 } }), { start: [-0.3, -0.3, 0.0101] });
      const sim = await simulate(workerHeavy, sid, { seed: 1 });
      await expectOutcome(workerLight, sid, sim, 'MOTOR_OVERLOAD');
      const traj = JSON.parse((await (await workerLight.post('/fs/read', { headers: sessionHeaders(sid), data: { path: 'simulation_trajectory.json' } })).json()).content);
      expect(traj.frames.at(-1).poses.lift[2]).toBeLessThan(0.2); // it went down, not up
    });
    await test.step('a wheel spinning freely at a big setpoint (60 rad/s on ±0.5 N·m) is at full torque only while it spins up: no overload in 30 s', async () => {
      const sid = `${sessionId}-spin`;
      await putScene(workerLight, sid, SCRIPTS.wheel({ force_range: [-0.5, 0.5], controller: { type: 'constant', value: 60 } }), { start: [-0.3, -0.3, 0.0101] });
      const sim = await simulate(workerHeavy, sid, { seed: 1 });
      await expectOutcome(workerLight, sid, sim, 'TIMEOUT');
      const motor = sim.artifacts.motors[0];
      expect(motor).toMatchObject({ part: 'wheel', servo: 'velocity', peak_setpoint: 60, peak_applied: 0.5, clamped: true });
      expect(motor.max_saturated_s).toBeGreaterThan(0);
      expect(motor.max_saturated_s).toBeLessThan(0.5); // I·ω/τ of spin-up, far under the 2 s window
      expect(Math.abs(motor.final_applied)).toBeLessThan(0.01); // cruising without load needs no torque
    });
    await test.step('a reachable target settles below 90 % of the range: no overload over the full 30 s', async () => {
      const sid = `${sessionId}-settle`;
      await putScene(workerLight, sid, SCRIPTS.slider({ limits: [0, 0.05], force_range: [-2, 2], controller: { type: 'position', target: 0.03, kp: 200, kd: 5 } }), { start: [-0.2, -0.2, 0.0101] });
      const sim = await simulate(workerHeavy, sid, { seed: 1 });
      expect(sim.artifacts.failure.reason).toBe('TIMEOUT');
      expect(sim.artifacts.time_elapsed_s).toBeCloseTo(30, 3);
      expect(sim.artifacts.motors[0].max_saturated_s).toBeLessThan(2);
    });
  });
});
