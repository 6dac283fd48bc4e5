// Actuator command signals. constant/sinusoidal/square/trapezoidal are open-loop effort
// commands (N for prismatic joints, N·m for revolute ones); `position` is a PD loop on the joint
// coordinate. Every command is clamped to the joint's force_range before it is applied; a motor
// held at ≥ 90 % of its range for ≥ 2 s is overloaded.
import type { ControllerSpec } from '../cad/index.ts';

export type { ControllerSpec };

export const OVERLOAD_FRACTION = 0.9;
export const OVERLOAD_SECONDS = 2;

/** Open-loop signal value at time t (s). Periodic signals are zero-mean around `offset`. */
export function signal(spec: Exclude<ControllerSpec, { type: 'position' }>, t: number): number {
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

/** Effort the controller asks for, given the joint coordinate q and its rate qdot. */
export function command(spec: ControllerSpec, t: number, q: number, qdot: number): number {
  if (spec.type === 'position') return spec.kp * (spec.target - q) - (spec.kd ?? 0) * qdot;
  return signal(spec, t);
}

export function clamp(value: number, [lo, hi]: readonly [number, number]): number {
  return Math.min(hi, Math.max(lo, value));
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
