// One step's verdict, in the contract's order: engine error → timeout → non-finite or runaway
// state → outside simulation_bounds → moved object touches a forbid zone → moved object has
// RESTED in the goal (success) → motor at ≥ 90 % of its force range for ≥ 2 s (overload). The
// first that applies decides the episode.
//
// Goal success means the moved object came to rest in the goal zone, not that it passed through
// it: its centre inside the goal box AND its linear speed below GOAL_REST_SPEED (0.05 m/s),
// continuously for GOAL_DWELL_S (0.5 s). The per-step classifier stays stateless: the run loop
// keeps the dwell (GoalRestTracker) and hands it over as `in_goal_at_rest_for_s`. A smoke run
// (0.5 s horizon, run.ts) therefore cannot succeed — the object must first get to the goal and
// then rest there for 0.5 s; a smoke run that meets no failure ends in TIMEOUT with a detail
// saying "no failure within the 0.5 s smoke horizon" (docs/decisions/0019-goal-rest-and-servo-load.md).
import type { Failure } from '../failures.ts';
import { containsPoint, type Box3 } from '../objectives.ts';
import { OVERLOAD_SECONDS } from './controllers.ts';

/** Below this linear speed of its centre (m/s) the moved object counts as at rest. */
export const GOAL_REST_SPEED = 0.05;
/** It must stay inside the goal box and at rest this long (s), without interruption. */
export const GOAL_DWELL_S = 0.5;

/** Is the moved object inside the goal box and at rest this step? */
export function inGoalAtRest(goal: Box3, position: readonly number[], linvel: readonly number[]): boolean {
  return containsPoint(goal, position) && Math.hypot(...linvel) < GOAL_REST_SPEED;
}

/** How long, continuously, the moved object has been in the goal and at rest. */
export class GoalRestTracker {
  restFor = 0;
  maxRestFor = 0;
  update(atRest: boolean, dt: number): number {
    this.restFor = atRest ? this.restFor + dt : 0;
    this.maxRestFor = Math.max(this.maxRestFor, this.restFor);
    return this.restFor;
  }
}

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
  /** How long the moved object has been inside the goal and at rest, continuously, after this step (GoalRestTracker). */
  in_goal_at_rest_for_s: number;
  /** Smoke run: the horizon is a quick check, not the episode (changes the TIMEOUT detail only). */
  smoke?: boolean;
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
  if (s.t >= s.horizon_s - 1e-9) return fail('TIMEOUT', timeoutDetail(s));
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
  if (moved && s.in_goal_at_rest_for_s >= GOAL_DWELL_S - 1e-9) {
    return {
      kind: 'success',
      detail: `moved object "${s.moved}" came to rest in the goal zone at ${fmt(moved.position)}: inside it below ${GOAL_REST_SPEED} m/s for ${GOAL_DWELL_S} s (t=${s.t.toFixed(3)} s)`,
    };
  }
  for (const m of s.motors) {
    if (m.saturated_for_s >= OVERLOAD_SECONDS - 1e-9) {
      return fail('MOTOR_OVERLOAD', `motor on "${m.part}" held at ≥ 90 % of its force range for ${m.saturated_for_s.toFixed(2)} s (t=${s.t.toFixed(3)} s)`);
    }
  }
  return { kind: 'running' };
}

/** Why the horizon ended the episode, with where the moved object is relative to the goal. */
function timeoutDetail(s: StepState): string {
  const moved = s.bodies.find((b) => b.name === s.moved);
  let where = '';
  if (moved && containsPoint(s.goal, moved.position)) {
    const v = Math.hypot(...moved.linvel);
    where = v < GOAL_REST_SPEED
      ? `; moved object "${s.moved}" is in the goal zone at rest for ${s.in_goal_at_rest_for_s.toFixed(3)} s of the ${GOAL_DWELL_S} s needed`
      : `; moved object "${s.moved}" is in the goal zone but moving at ${v.toFixed(3)} m/s (at rest means < ${GOAL_REST_SPEED} m/s for ${GOAL_DWELL_S} s)`;
  } else if (moved) where = `; moved object "${s.moved}" is at ${fmt(moved.position)}, outside the goal zone`;
  if (s.smoke) {
    return `no failure within the ${s.horizon_s} s smoke horizon${where}. A smoke run cannot succeed: success needs the moved object at rest in the goal zone for ${GOAL_DWELL_S} s; simulate with smoke_test_mode: false`;
  }
  return `goal not reached within the ${s.horizon_s} s episode: the moved object did not rest in the goal zone (below ${GOAL_REST_SPEED} m/s for ${GOAL_DWELL_S} s)${where}`;
}
