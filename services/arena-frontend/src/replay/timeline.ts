// Pure timeline logic shared by both viewers: which recorded state is shown at a time. Times are
// the simulation's own (state.time), so the timeline and the joint readout tell the same time.
export interface Timed {
  time: number;
}

/** The simulated span both episodes cover: from the earlier first state to the later last one. */
export function span(...episodes: (readonly Timed[])[]): { start: number; end: number } {
  const nonEmpty = episodes.filter((s) => s.length > 0);
  if (nonEmpty.length === 0) return { start: 0, end: 0 };
  return { start: Math.min(...nonEmpty.map((s) => s[0]!.time)), end: Math.max(...nonEmpty.map((s) => s[s.length - 1]!.time)) };
}

/**
 * The index of the state shown at simulation time `t`: the last state whose time is at or before
 * it (binary search; the states' times increase), clamped to the episode's ends.
 */
export function frameAt(states: readonly Timed[], t: number): number {
  if (states.length === 0) return -1;
  const target = t + 1e-6; // a millisecond scrub lands on a state recorded at that time
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
