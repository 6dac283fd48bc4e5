// One simulation episode: build the scene, step it at 240 Hz, let each joint's servo compute the
// effort it needs and apply it clamped to the force range (controllers.ts), track how long the
// moved object has rested in the goal (classify.ts), classify every step in the contract's order,
// and sample a trajectory at 30 Hz for the viewer. Deterministic: the same parts, objectives and
// seed give the same result bit for bit. Smoke runs stop at 0.5 s and cannot succeed (the goal
// needs 0.5 s at rest after the object gets there): they show that nothing fails early.
import type { ChildPart } from '../cad/run-script.ts';
import type { Failure } from '../failures.ts';
import { containsPoint, type Objectives, type Vec3 } from '../objectives.ts';
import { classifyStep, GOAL_DWELL_S, GOAL_REST_SPEED, GoalRestTracker, inGoalAtRest, type BodyState } from './classify.ts';
import { OverloadTracker, Servo } from './controllers.ts';
import { buildScene, TIMESTEP_S, type SceneDescription, type SceneMotor } from './scene.ts';

export const SMOKE_HORIZON_S = 0.5;
export const FULL_HORIZON_S = 30;
export const WALL_LIMIT_S = 120;
const SAMPLE_HZ = 30;

export interface RunOptions {
  smoke: boolean;
  seed: number;
  /** Overrides moved_object.runtime_jitter (± per axis). */
  jitter?: Vec3;
}

export interface MotorReport {
  part: string;
  joint_type: 'revolute' | 'prismatic';
  controller: string;
  force_range: [number, number];
  /** Servo mode: `velocity` (constant/sinusoidal/square/trapezoidal setpoints) or `position` (PD). */
  servo: 'velocity' | 'position';
  /** Effective inertia the velocity gains are scaled by: kg (prismatic) or kg·m² (revolute). */
  effective_inertia: number;
  /** Largest |setpoint|: m/s or rad/s (velocity), m or rad (position target). */
  peak_setpoint: number;
  /** Largest effort the servo asked for before clamping (N or N·m), signed. */
  peak_command: number;
  /** Largest effort applied (the demand clamped to force_range), signed. */
  peak_applied: number;
  /** Whether the demand ever exceeded force_range. */
  clamped: boolean;
  /** Longest continuous time at ≥ 90 % of the range (MOTOR_OVERLOAD at 2 s). */
  max_saturated_s: number;
  /** Applied effort at the end of the run. */
  final_applied: number;
}

export interface GoalRestReport {
  rest_speed_m_s: number;
  dwell_s: number;
  /** Longest continuous time the moved object was inside the goal at rest. */
  max_in_goal_at_rest_s: number;
  /** Whether its centre was inside the goal box at any step (passing through counts here, not as success). */
  entered_goal: boolean;
}

export interface Trajectory {
  sample_hz: number;
  timestep_s: number;
  bodies: string[];
  /** frames[i] = { t, poses: { body: [x, y, z, qx, qy, qz, qw] } } */
  frames: { t: number; poses: Record<string, number[]> }[];
}

export interface SimulationOutcome {
  success: boolean;
  failure: Failure | null;
  detail: string;
  time_elapsed_s: number;
  horizon_s: number;
  wall_time_s: number;
  steps: number;
  seed: number;
  start_position: Vec3;
  final_position: number[];
  /** Linear speed of the moved object at the end, m/s. */
  final_speed: number;
  goal_rest: GoalRestReport;
  /** Smoke runs only: the horizon came without any failure (the result is still TIMEOUT, never success). */
  smoke_check: { horizon_s: number; no_failure: boolean } | null;
  motors: MotorReport[];
  scene: SceneDescription;
  trajectory: Trajectory;
}

/** mulberry32: small, fast, deterministic per seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The moved object's start for a seed: start_position + U(-j, j) per axis. */
export function jitteredStart(start: Vec3, jitter: Vec3, seed: number): Vec3 {
  const next = rng(seed);
  return start.map((p, i) => p + (jitter[i]! === 0 ? (next(), 0) : (next() * 2 - 1) * jitter[i]!)) as Vec3;
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;
const STILL = { x: 0, y: 0, z: 0 };

export async function runSimulation(parts: ChildPart[], objectives: Objectives, options: RunOptions): Promise<SimulationOutcome> {
  const jitter = options.jitter ?? objectives.moved_object.runtime_jitter;
  const start = jitteredStart(objectives.moved_object.start_position, jitter, options.seed);
  const scene = await buildScene(parts, objectives, start, jitter);
  const { world } = scene;
  const horizon = options.smoke ? SMOKE_HORIZON_S : FULL_HORIZON_S;
  const dynamic = scene.bodies.filter((b) => b.kind === 'dynamic');
  const trackers = scene.motors.map(() => new OverloadTracker());
  const servos = scene.motors.map((m) => new Servo(m.controller, m.force_range, m.inertia));
  const motorStats = scene.motors.map((m) => ({ peak_setpoint: 0, peak_command: 0, peak_applied: 0, clamped: false, controller: m.controller.type, m }));
  const rest = new GoalRestTracker();
  const goal = objectives.objectives.goal_zone;
  let enteredGoal = false;
  const trajectory: Trajectory = { sample_hz: SAMPLE_HZ, timestep_s: TIMESTEP_S, bodies: scene.bodies.map((b) => b.name), frames: [] };
  const sample = (t: number) => {
    const poses: Record<string, number[]> = {};
    for (const b of scene.bodies) {
      const p = b.body.translation();
      const q = b.body.rotation();
      poses[b.name] = [p.x, p.y, p.z, q.x, q.y, q.z, q.w].map(round);
    }
    trajectory.frames.push({ t: round(t), poses });
  };
  sample(0);
  const samplePeriod = Math.round(1 / (SAMPLE_HZ * TIMESTEP_S));
  const movedShape = scene.moved.collider.shape;
  const started = performance.now();
  let step = 0;
  let verdict: ReturnType<typeof classifyStep> = { kind: 'running' };
  let prevPos = scene.moved.collider.translation();
  let prevRot = scene.moved.collider.rotation();
  try {
    while (verdict.kind === 'running') {
      const t = step * TIMESTEP_S;
      let engineError: string | undefined;
      try {
        if (scene.motors.length) for (const b of dynamic) {
          b.body.resetForces(true);
          b.body.resetTorques(true);
        }
        scene.motors.forEach((motor, i) => {
          const { q, qdot } = jointCoordinate(motor);
          const servo = servos[i]!;
          const applied = servo.update(t, q, qdot, TIMESTEP_S);
          applyEffort(motor, applied);
          const s = motorStats[i]!;
          if (Math.abs(servo.setpoint) > Math.abs(s.peak_setpoint)) s.peak_setpoint = servo.setpoint;
          if (Math.abs(servo.demand) > Math.abs(s.peak_command)) s.peak_command = servo.demand;
          if (Math.abs(applied) > Math.abs(s.peak_applied)) s.peak_applied = applied;
          if (applied !== servo.demand) s.clamped = true;
          trackers[i]!.update(applied, motor.force_range, TIMESTEP_S);
        });
        prevPos = scene.moved.collider.translation();
        prevRot = scene.moved.collider.rotation();
        world.step();
      } catch (error) {
        engineError = error instanceof Error ? error.message : String(error);
      }
      step++;
      const now = step * TIMESTEP_S;
      const states: BodyState[] = dynamic.map((b) => {
        const p = b.body.translation(), q = b.body.rotation(), v = b.body.linvel(), w = b.body.angvel();
        return { name: b.name, position: [p.x, p.y, p.z], rotation: [q.x, q.y, q.z, q.w], linvel: [v.x, v.y, v.z], angvel: [w.x, w.y, w.z] };
      });
      // Sensors only see the end of each step; a fast object can cross a thin zone in between,
      // so the moved object's shape is also swept along its path over the step.
      const cur = scene.moved.collider.translation();
      const travel = { x: cur.x - prevPos.x, y: cur.y - prevPos.y, z: cur.z - prevPos.z };
      const sweepable = [prevPos.x, prevPos.y, prevPos.z, cur.x, cur.y, cur.z].every(Number.isFinite); // else: instability, classified first
      const forbid_hits = scene.forbid
        .filter((z) => world.intersectionPair(scene.moved.collider, z.collider) || (sweepable && z.collider.castShape(STILL, movedShape, prevPos, prevRot, travel, 0, 1, true) !== null))
        .map((z) => z.name);
      const mv = states[0]!; // the moved object (dynamic bodies: moved object first)
      if (!enteredGoal && containsPoint(goal, mv.position)) enteredGoal = true;
      rest.update(inGoalAtRest(goal, mv.position, mv.linvel), TIMESTEP_S);
      verdict = classifyStep({
        t: now,
        horizon_s: horizon,
        wall_s: (performance.now() - started) / 1000,
        wall_limit_s: WALL_LIMIT_S,
        ...(engineError ? { engine_error: engineError } : {}),
        bodies: states,
        moved: scene.moved.name,
        bounds: objectives.simulation_bounds,
        goal,
        in_goal_at_rest_for_s: rest.restFor,
        smoke: options.smoke,
        forbid_hits,
        motors: scene.motors.map((m, i) => ({ part: m.part, saturated_for_s: trackers[i]!.saturatedFor })),
      });
      if (step % samplePeriod === 0 || verdict.kind !== 'running') sample(now);
    }
    const p = scene.moved.body.translation();
    const v = scene.moved.body.linvel();
    const time = step * TIMESTEP_S;
    const timedOut = verdict.kind === 'failure' && verdict.failure.reason === 'TIMEOUT' && time >= horizon - 1e-9;
    return {
      success: verdict.kind === 'success',
      failure: verdict.kind === 'failure' ? verdict.failure : null,
      detail: verdict.kind === 'success' ? verdict.detail : verdict.kind === 'failure' ? verdict.failure.detail : '',
      time_elapsed_s: round(time),
      horizon_s: horizon,
      wall_time_s: (performance.now() - started) / 1000,
      steps: step,
      seed: options.seed,
      start_position: start,
      final_position: [p.x, p.y, p.z],
      final_speed: Math.hypot(v.x, v.y, v.z),
      goal_rest: { rest_speed_m_s: GOAL_REST_SPEED, dwell_s: GOAL_DWELL_S, max_in_goal_at_rest_s: round(rest.maxRestFor), entered_goal: enteredGoal },
      smoke_check: options.smoke ? { horizon_s: horizon, no_failure: timedOut } : null,
      motors: motorStats.map((s, i) => ({
        part: s.m.part,
        joint_type: s.m.type,
        controller: s.controller,
        force_range: s.m.force_range,
        servo: s.m.controller.type === 'position' ? ('position' as const) : ('velocity' as const),
        effective_inertia: s.m.inertia,
        peak_setpoint: s.peak_setpoint,
        peak_command: s.peak_command,
        peak_applied: s.peak_applied,
        clamped: s.clamped,
        max_saturated_s: round(trackers[i]!.maxSaturatedFor),
        final_applied: servos[i]!.applied,
      })),
      scene: scene.description,
      trajectory,
    };
  } finally {
    world.free();
  }
}

type Q = { x: number; y: number; z: number; w: number };
function rotate(q: Q, v: readonly number[]): Vec3 {
  // v' = v + w·t + u × t with t = 2 u × v (u = q's vector part)
  const [x, y, z] = [v[0]!, v[1]!, v[2]!];
  const tx = 2 * (q.y * z - q.z * y), ty = 2 * (q.z * x - q.x * z), tz = 2 * (q.x * y - q.y * x);
  return [x + q.w * tx + (q.y * tz - q.z * ty), y + q.w * ty + (q.z * tx - q.x * tz), z + q.w * tz + (q.x * ty - q.y * tx)];
}
const dot = (a: readonly number[], b: readonly number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;

/** Joint coordinate (m or rad) and its rate, from the two bodies' poses. */
export function jointCoordinate(m: SceneMotor): { q: number; qdot: number } {
  const pr = m.parent.rotation();
  const axis = rotate(pr, m.axis);
  if (m.type === 'prismatic') {
    const cp = m.child.translation(), pp = m.parent.translation();
    const ca = rotate(m.child.rotation(), m.anchorChild), pa = rotate(pr, m.anchorParent);
    const d = [cp.x + ca[0] - pp.x - pa[0], cp.y + ca[1] - pp.y - pa[1], cp.z + ca[2] - pp.z - pa[2]];
    const cv = m.child.linvel(), pv = m.parent.linvel();
    return { q: dot(d, axis), qdot: dot([cv.x - pv.x, cv.y - pv.y, cv.z - pv.z], axis) };
  }
  const cq = m.child.rotation();
  // relative rotation parent⁻¹ · child
  const rel = {
    w: pr.w * cq.w + pr.x * cq.x + pr.y * cq.y + pr.z * cq.z,
    x: pr.w * cq.x - pr.x * cq.w - pr.y * cq.z + pr.z * cq.y,
    y: pr.w * cq.y + pr.x * cq.z - pr.y * cq.w - pr.z * cq.x,
    z: pr.w * cq.z - pr.x * cq.y + pr.y * cq.x - pr.z * cq.w,
  };
  const q = 2 * Math.atan2(dot([rel.x, rel.y, rel.z], m.axis), rel.w);
  const cw = m.child.angvel(), pw = m.parent.angvel();
  return { q, qdot: dot([cw.x - pw.x, cw.y - pw.y, cw.z - pw.z], axis) };
}

function applyEffort(m: SceneMotor, effort: number): void {
  const axis = rotate(m.parent.rotation(), m.axis);
  const v = { x: axis[0] * effort, y: axis[1] * effort, z: axis[2] * effort };
  const neg = { x: -v.x, y: -v.y, z: -v.z };
  if (m.type === 'prismatic') {
    m.child.addForce(v, true);
    if (m.parent.isDynamic()) m.parent.addForce(neg, true);
  } else {
    m.child.addTorque(v, true);
    if (m.parent.isDynamic()) m.parent.addTorque(neg, true);
  }
}
