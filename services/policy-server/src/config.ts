// The server's configuration, read once from the environment; a bad value stops start-up, named.
import { policies } from './policies/index.ts';

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`policy-server: ${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

const policyName = process.env.POLICY ?? 'mock-vla';
if (!policies[policyName]) throw new Error(`policy-server: POLICY=${JSON.stringify(policyName)} is not one of ${Object.keys(policies).join(', ')}`);

export const config = {
  policyName,
  policy: policies[policyName]!,
  modelId: process.env.MODEL_ID || policyName,
  /** Wall time one rollout may take before it is cut off (the answer says `truncated`). */
  rolloutBudgetMs: positive('ROLLOUT_TIME_BUDGET_MS', 10_000),
};

/** Request limits, in the OpenAPI too. */
export const LIMITS = { xmlBytes: 1024 * 1024, maxSteps: 1000, defaultSteps: 150, defaultControlDt: 0.02, maxInstruction: 1000 };
