// The heavy worker's simulation_trajectory.json: body poses [x,y,z,qx,qy,qz,qw] sampled over time.
export interface Trajectory {
  sample_hz: number;
  bodies: string[];
  frames: { t: number; poses: Record<string, number[]> }[];
}

export const TRAJECTORY_FILE = 'simulation_trajectory.json';

export function parseTrajectory(value: unknown): Trajectory {
  const v = value as Partial<Trajectory> | null;
  if (!v || !Array.isArray(v.frames) || v.frames.length === 0) throw new Error('The trajectory file has no frames.');
  return { sample_hz: Number(v.sample_hz) || 30, bodies: Array.isArray(v.bodies) ? v.bodies : Object.keys(v.frames[0]!.poses ?? {}), frames: v.frames };
}

export function duration(trajectory: Trajectory): number {
  return trajectory.frames[trajectory.frames.length - 1]!.t;
}

/** Index of the last frame at or before time t (binary search; frames are sorted by t). */
export function frameAt(trajectory: Trajectory, t: number): number {
  const { frames } = trajectory;
  let lo = 0;
  let hi = frames.length - 1;
  if (t <= frames[0]!.t) return 0;
  if (t >= frames[hi]!.t) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (frames[mid]!.t <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

export function formatSeconds(t: number): string {
  return `${t.toFixed(1)}s`;
}
