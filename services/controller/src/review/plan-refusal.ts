// plan_refusal.md (INT-017): the coder may refuse the plan (tool refuse_plan) with a file holding
// its reasons, each with proof. Frontmatter:
//   reasons:
//     - reason: <text>                          # why the plan cannot be implemented
//       evidence:                               # one of:
//         kind: simulation | validation         #   a failed run of THIS episode: the tool call's
//         failure_reason: MOTOR_OVERLOAD        #   failure reason (and seed, for a simulation)
//         seed: 1                               #   must match a failed validate/simulate/verify result
//       # or
//       evidence: { kind: computation, quantity: <what>, value: <computed>, limit: <the plan's or
//                   benchmark's bound>, formula: <how it was computed> }  # value must exceed limit
// A refusal without reasons, a reason without text or evidence, or evidence that names no failed
// run of the episode (or a computation that does not exceed its limit) is refused.
import { parseFrontmatter, problem, type Problem } from './frontmatter.ts';

export const PLAN_REFUSAL_FILE = 'plan_refusal.md';

/** A validate/simulate/verify call of this episode, as the workflow recorded its result. */
export interface HeavyRun {
  tool: string;
  success: boolean;
  failure_reason: string | null;
  seed?: number | null;
}

export interface PlanRefusal {
  reasons: { reason: string; evidence: Record<string, unknown> }[];
  body: string;
}

const KINDS = ['simulation', 'validation', 'computation'];

export function validatePlanRefusal(file: string, text: string, runs: HeavyRun[]): { refusal?: PlanRefusal; problems: Problem[] } {
  const { front, body, problems } = parseFrontmatter(file, text);
  if (!front) return { problems };
  for (const key of Object.keys(front)) if (key !== 'reasons') problems.push(problem(file, 'UNKNOWN_FIELD', `unknown frontmatter field "${key}"; allowed: reasons`, key));
  const reasons = front.reasons;
  if (!Array.isArray(reasons) || !reasons.length) {
    problems.push(problem(file, 'MISSING_REASONS', 'reasons must be a non-empty list of { reason, evidence }: a plan is refused only with proof', 'reasons'));
    return { problems };
  }
  const out: PlanRefusal['reasons'] = [];
  reasons.forEach((r: unknown, i) => {
    const at = `reasons[${i}]`;
    if (!r || typeof r !== 'object' || Array.isArray(r)) return void problems.push(problem(file, 'INVALID_FIELD', `${at} must be a mapping { reason, evidence }`, at));
    const { reason, evidence } = r as Record<string, unknown>;
    if (typeof reason !== 'string' || !reason.trim()) problems.push(problem(file, 'MISSING_FIELD', `${at}.reason is required: why the plan cannot be implemented`, `${at}.reason`));
    if (!evidence || typeof evidence !== 'object' || Array.isArray(evidence)) {
      return void problems.push(
        problem(file, 'MISSING_PROOF', `${at}.evidence is required: a failed simulation/validation of this episode ({kind, failure_reason}) or a computed figure ({kind: computation, quantity, value, limit, formula})`, `${at}.evidence`),
      );
    }
    const e = evidence as Record<string, unknown>;
    if (!KINDS.includes(e.kind as string)) {
      return void problems.push(problem(file, 'INVALID_FIELD', `${at}.evidence.kind "${String(e.kind)}" must be one of ${KINDS.join(', ')}`, `${at}.evidence.kind`));
    }
    if (e.kind === 'computation') {
      for (const k of ['value', 'limit'] as const) {
        if (typeof e[k] !== 'number' || !Number.isFinite(e[k])) problems.push(problem(file, 'MISSING_PROOF', `${at}.evidence.${k} must be a number`, `${at}.evidence.${k}`));
      }
      for (const k of ['quantity', 'formula'] as const) {
        if (typeof e[k] !== 'string' || !(e[k] as string).trim()) problems.push(problem(file, 'MISSING_PROOF', `${at}.evidence.${k} is required: what was computed, and how`, `${at}.evidence.${k}`));
      }
      if (typeof e.value === 'number' && typeof e.limit === 'number' && !(e.value > e.limit)) {
        problems.push(problem(file, 'PROOF_DOES_NOT_HOLD', `${at}.evidence: value ${e.value} does not exceed limit ${e.limit}, so it proves nothing infeasible`, `${at}.evidence.value`));
      }
    } else {
      const tools = e.kind === 'simulation' ? ['simulate', 'verify'] : ['validate'];
      const failed = runs.filter((run) => tools.includes(run.tool) && !run.success);
      const match = failed.find((run) => run.failure_reason === e.failure_reason && (e.seed === undefined || run.seed === e.seed));
      if (typeof e.failure_reason !== 'string') {
        problems.push(problem(file, 'MISSING_PROOF', `${at}.evidence.failure_reason is required: the failure reason of a failed ${tools.join('/')} call of this episode`, `${at}.evidence.failure_reason`));
      } else if (!match) {
        const seen = runs.filter((run) => !run.success).map((run) => `${run.tool} ${run.failure_reason}${run.seed != null ? ` (seed ${run.seed})` : ''}`);
        problems.push(
          problem(
            file,
            'PROOF_NOT_FOUND',
            `${at}.evidence names a failed ${e.kind} (${e.failure_reason}${e.seed !== undefined ? `, seed ${String(e.seed)}` : ''}) that this episode never produced; failed runs on record: ${seen.join(', ') || 'none'}`,
            `${at}.evidence`,
          ),
        );
      }
    }
    if (typeof reason === 'string' && reason.trim()) out.push({ reason: reason.trim(), evidence: e });
  });
  if (problems.length) return { problems };
  return { refusal: { reasons: out, body: body.trim() }, problems };
}
