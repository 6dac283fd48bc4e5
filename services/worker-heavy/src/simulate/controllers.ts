// Joint actuators are servos (docs/decisions/0019-goal-rest-and-servo-load.md). Every servo
// computes the effort (N for a prismatic joint, N·m for a revolute one) it needs to follow its
// setpoint; the effort applied to the joint is that demand clamped to the joint's force_range.
//
// - `position`: a PD loop on the joint coordinate q (m or rad) with the part's own gains:
//   demand = kp·(target − q) − kd·q̇.
// - `constant`, `sinusoidal`, `square`, `trapezoidal`: the signal is a VELOCITY setpoint v*(t)
//   (m/s or rad/s) tracked by a PI loop on the joint rate, its gains scaled by the joint's
//   effective inertia M (kg or kg·m², from the bodies' mass properties at the start pose):
//   demand = M·(KV·(v* − q̇) + KI·∫(v* − q̇) dt), KV = 2ω, KI = ω² (critically damped, bandwidth
//   ω = SERVO_BANDWIDTH_RAD_S). Anti-windup: the integral stops growing while the demand is past
//   the range in the direction the error pushes, and is held within the range.
//
// A motor is overloaded (MOTOR_OVERLOAD) when the effort it applies — what the servo needed, up
// to the range — stays at ≥ 90 % of the range in its direction for ≥ 2 s. So the overload follows
// the load: a joint spinning freely at a large setpoint needs full effort only while it
// accelerates; a joint holding a load too heavy for its range, or driven against an end stop,
// needs it for as long as the load or the stall lasts.
import type { ControllerSpec } from '../cad/index.ts';

export type { ControllerSpec };

export const OVERLOAD_FRACTION = 0.9;
export const OVERLOAD_SECONDS = 2;
/** Closed-loop bandwidth of the velocity servos, rad/s (KV = 2ω 1/s, KI = ω² 1/s²). */
export const SERVO_BANDWIDTH_RAD_S = 40;
export const SERVO_KV = 2 * SERVO_BANDWIDTH_RAD_S;
export const SERVO_KI = SERVO_BANDWIDTH_RAD_S ** 2;

export type VelocitySpec = Exclude<ControllerSpec, { type: 'position' }>;

/** Setpoint signal at time t (s): a joint velocity (m/s or rad/s). Periodic signals are zero-mean around `offset`. */
export function signal(spec: VelocitySpec, t: number): number {
  switch (spec.type) {
    case 'constant':
      return spec.value;
    case 'sinusoidal':
      return (spec.offset ?? 0) + spec.amplitude * Math.sin(2 * Math.PI * spec.frequency_hz * t + (spec.phase_rad ?? 0));
    case 'square': {
      const phase = frac(t * spec.frequency_hz);
      return (spec.offset ?? 0) + (phase < (spec.duty ?? 0.5) ? spec.amplitude : -spec.amplitude);
    }
    case 'trapezoidal': {
      // Positive trapezoid in the first half period, its mirror in the second; ramps of rise_s.
      const half = spec.period_s / 2;
      const rise = Math.min(spec.rise_s, half / 2);
      const tp = frac(t / spec.period_s) * spec.period_s;
      const local = tp % half;
      const level = local < rise ? local / rise : local > half - rise ? (half - local) / rise : 1;
      return (spec.offset ?? 0) + (tp < half ? 1 : -1) * spec.amplitude * level;
    }
  }
}

export function clamp(value: number, [lo, hi]: readonly [number, number]): number {
  return Math.min(hi, Math.max(lo, value));
}

/** One joint's servo: setpoint → effort demand → applied (clamped) effort, with its integral state. */
export class Servo {
  /** ∫(v* − q̇) dt of the velocity loop (m or rad). */
  integral = 0;
  /** Last step's setpoint (velocity, or the position target), demand before clamping, and applied effort. */
  setpoint = 0;
  demand = 0;
  applied = 0;

  constructor(
    readonly spec: ControllerSpec,
    readonly range: readonly [number, number],
    /** Effective inertia along the joint (kg or kg·m²), > 0. */
    readonly inertia: number,
  ) {}

  /** The effort to apply over the next step of dt, given the joint coordinate q and rate qdot. */
  update(t: number, q: number, qdot: number, dt: number): number {
    const spec = this.spec;
    if (spec.type === 'position') {
      this.setpoint = spec.target;
      this.demand = spec.kp * (spec.target - q) - (spec.kd ?? 0) * qdot;
    } else {
      const v = signal(spec, t);
      const e = v - qdot;
      this.setpoint = v;
      const m = this.inertia;
      const proportional = m * SERVO_KV * e;
      const gain = m * SERVO_KI;
      let integral = this.integral + e * dt;
      const trial = proportional + gain * integral;
      // Anti-windup: integrate only up to where the demand meets the range in the direction e pushes
      // it (never past it, never backwards because of it).
      if (trial > this.range[1] && e > 0) integral = Math.max(this.integral, (this.range[1] - proportional) / gain);
      else if (trial < this.range[0] && e < 0) integral = Math.min(this.integral, (this.range[0] - proportional) / gain);
      // The integral alone never asks for more than the range.
      integral = clamp(gain * integral, this.range) / gain;
      this.integral = integral;
      this.demand = proportional + gain * integral;
    }
    this.applied = clamp(this.demand, this.range);
    return this.applied;
  }
}

/** Relative slack on the 90 % threshold: 0.9 × 0.05 is 0.045000000000000005 in floating point. */
const SATURATION_RTOL = 1e-9;

/** Is an applied effort at ≥ 90 % of the range in its direction (exactly 90 % counts)? */
export function saturated(applied: number, [lo, hi]: readonly [number, number]): boolean {
  if (applied > 0) return hi > 0 && applied >= OVERLOAD_FRACTION * hi * (1 - SATURATION_RTOL);
  if (applied < 0) return lo < 0 && applied <= OVERLOAD_FRACTION * lo * (1 - SATURATION_RTOL);
  return false;
}

/** Tracks how long a motor has been continuously saturated. */
export class OverloadTracker {
  saturatedFor = 0;
  maxSaturatedFor = 0;
  update(applied: number, range: readonly [number, number], dt: number): number {
    this.saturatedFor = saturated(applied, range) ? this.saturatedFor + dt : 0;
    this.maxSaturatedFor = Math.max(this.maxSaturatedFor, this.saturatedFor);
    return this.saturatedFor;
  }
}

function frac(x: number): number {
  return x - Math.floor(x);
}
