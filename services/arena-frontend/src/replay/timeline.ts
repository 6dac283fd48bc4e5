// Pure timeline logic shared by both viewers: which recorded state is shown at a time, and when
// a replay counts as watched. Times are seconds from the episode's first state.
export interface Timed {
  time: number;
}

/** Seconds from the first state to the last (0 for an empty or one-state episode). */
export function duration(states: readonly Timed[]): number {
  if (states.length < 2) return 0;
  return states[states.length - 1]!.time - states[0]!.time;
}

/**
 * The index of the state shown at `t` seconds into the replay: the last state whose time is at
 * or before it (binary search; the states' times increase). Clamped to the episode's ends.
 */
export function frameAt(states: readonly Timed[], t: number): number {
  if (states.length === 0) return -1;
  const target = states[0]!.time + t + 1e-9;
  let lo = 0;
  let hi = states.length - 1;
  if (states[hi]!.time <= target) return hi;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (states[mid]!.time <= target) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

/** "1.234 s": the readout the timeline shows. */
export function formatTime(t: number): string {
  return `${t.toFixed(3)} s`;
}
