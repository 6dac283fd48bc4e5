import type { BenchSuite } from '../types.ts';

/** Service-level suites, run against one stack instance booted by bench/run.ts. */
export const suites: Record<string, BenchSuite> = {};
