import type { BenchSuite } from '../types.ts';
import { arena } from './arena.ts';
import { controller } from './controller.ts';
import { workerHeavy } from './worker-heavy.ts';
import { workerLight } from './worker-light.ts';

/** Service-level suites per stack, run against one instance of it booted by bench/run.ts. */
export const suites: Record<string, Record<string, BenchSuite>> = {
  workbench: {
    'worker-light': workerLight,
    'worker-heavy': workerHeavy,
    controller,
  },
  arena: { arena },
};
