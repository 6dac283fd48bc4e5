import type { BenchSuite } from '../types.ts';
import { controller } from './controller.ts';
import { workerHeavy } from './worker-heavy.ts';
import { workerLight } from './worker-light.ts';

/** Service-level suites, run against one stack instance booted by bench/run.ts. */
export const suites: Record<string, BenchSuite> = {
  'worker-light': workerLight,
  'worker-heavy': workerHeavy,
  controller,
};
