import { ikGrasp } from './ik-grasp.ts';
import { mockVla } from './mock-vla.ts';
import type { Policy } from './types.ts';

/** The policies one server program can run, chosen by POLICY. */
export const policies: Readonly<Record<string, Policy>> = { 'mock-vla': mockVla, 'ik-grasp': ikGrasp };
