// What a bench suite measures against a running stack instance, and how it reports.
export interface BenchContext {
  /** Service name → base URL of a stack instance booted for the bench. */
  urls: Readonly<Record<string, string>>;
  /** How many repetitions to take a median over (suites may scale it down for slow cases). */
  runs: number;
}

export interface BenchRow {
  /** What was measured, e.g. "runtime/execute round trip (trivial script)". */
  name: string;
  /** The median. */
  value: number;
  unit: string;
  /** The target, in words, e.g. "≤ 3 s"; omitted when there is none. */
  target?: string;
  note?: string;
}

export type BenchSuite = (ctx: BenchContext) => Promise<BenchRow[]>;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
