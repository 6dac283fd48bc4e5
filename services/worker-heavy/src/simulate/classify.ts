// One step's verdict, in the contract's order: engine error → timeout → non-finite or runaway
// state → outside simulation_bounds → moved object touches a forbid zone → moved object reaches
// the goal (success) → motor at ≥ 90 % of its force range for ≥ 2 s (overload). The first that
// applies decides the episode.
import type { Failure } from '../failures.ts';
import { containsPoint, type Box3 } from '../objectives.ts';
import { OVERLOAD_SECONDS } from './controllers.ts';

/** Speeds above these are a runaway state, not a mechanism (m/s, rad/s). */
export const MAX_LINEAR_SPEED = 100;
export const MAX_ANGULAR_SPEED = 5000;

export interface BodyState {
  name: string;
  position: readonly number[];
  rotation: readonly number[];
  linvel: readonly number[];
  angvel: readonly number[];
}

export interface StepState {
  /** Simulated time after this step, s. */
  t: number;
  horizon_s: number;
  wall_s: number;
  wall_limit_s: number;
  engine_error?: string;
  /** Dynamic bodies (moved object first). */
  bodies: BodyState[];
  moved: string;
  bounds: Box3;
  goal: Box3;
  /** Forbid zones the moved object touches after this step. */
  forbid_hits: string[];
  /** Continuous saturation time per motor. */
  motors: { part: string; saturated_for_s: number }[];
}

export type Verdict = { kind: 'running' } | { kind: 'success'; detail: string } | { kind: 'failure'; failure: Failure };

const fmt = (v: readonly number[]) => `[${v.map((x) => (Number.isFinite(x) ? +x.toFixed(3) : x)).join(', ')}]`;

export function classifyStep(s: StepState): Verdict {
  const fail = (reason: Failure['reason'], detail: string): Verdict => ({ kind: 'failure', failure: { reason, detail } });
  if (s.engine_error) return fail('PHYSICS_INSTABILITY', `physics engine error at t=${s.t.toFixed(3)} s: ${s.engine_error}`);
  if (s.t >= s.horizon_s - 1e-9) return fail('TIMEOUT', `goal not reached within the ${s.horizon_s} s episode`);
  if (s.wall_s > s.wall_limit_s) return fail('TIMEOUT', `simulation exceeded the ${s.wall_limit_s} s wall-clock limit at t=${s.t.toFixed(3)} s`);
  for (const b of s.bodies) {
    const values = [...b.position, ...b.rotation, ...b.linvel, ...b.angvel];
    if (!values.every(Number.isFinite)) return fail('PHYSICS_INSTABILITY', `body "${b.name}" has a non-finite state at t=${s.t.toFixed(3)} s`);
    const v = Math.hypot(...b.linvel);
    const w = Math.hypot(...b.angvel);
    if (v > MAX_LINEAR_SPEED) return fail('PHYSICS_INSTABILITY', `body "${b.name}" runaway: speed ${v.toExponential(2)} m/s > ${MAX_LINEAR_SPEED} m/s at t=${s.t.toFixed(3)} s`);
    if (w > MAX_ANGULAR_SPEED) return fail('PHYSICS_INSTABILITY', `body "${b.name}" runaway: spin ${w.toExponential(2)} rad/s > ${MAX_ANGULAR_SPEED} rad/s at t=${s.t.toFixed(3)} s`);
  }
  for (const b of s.bodies) {
    if (!containsPoint(s.bounds, b.position)) {
      return fail('OUT_OF_BOUNDS', `body "${b.name}" left simulation_bounds at ${fmt(b.position)} (t=${s.t.toFixed(3)} s)`);
    }
  }
  if (s.forbid_hits.length) return fail('FORBID_ZONE_HIT', `moved object "${s.moved}" touched forbid zone "${s.forbid_hits[0]}" at t=${s.t.toFixed(3)} s`);
  const moved = s.bodies.find((b) => b.name === s.moved);
  if (moved && containsPoint(s.goal, moved.position)) {
    return { kind: 'success', detail: `moved object "${s.moved}" reached the goal zone at ${fmt(moved.position)} (t=${s.t.toFixed(3)} s)` };
  }
  for (const m of s.motors) {
    if (m.saturated_for_s >= OVERLOAD_SECONDS - 1e-9) {
      return fail('MOTOR_OVERLOAD', `motor on "${m.part}" held at ≥ 90 % of its force range for ${m.saturated_for_s.toFixed(2)} s (t=${s.t.toFixed(3)} s)`);
    }
  }
  return { kind: 'running' };
}
