// Where an episode goes after each role (docs/decisions/0023-review-routing.md). Pure: the
// workflow (agent/workflow.ts) feeds it only checkpointed step results, so a recovered workflow
// routes exactly as the first execution did.
//
//   planner  → coder
//   coder    → reviewer (a design handover, a plan refusal, or neither: the reviewer decides)
//   reviewer → APPROVED              → completed
//              REJECTED              → failed (the comments are the reason)
//              REJECT_PLAN           → planner (replans with the comments)
//              REJECT_CODE           → coder (revises with the comments)
//              CONFIRM_PLAN_REFUSAL  → planner (replans with plan_refusal.md and the comments)
//              REJECT_PLAN_REFUSAL   → coder (must implement the plan)
//              no decision recorded  → completed, unreviewed (metadata_vars.review_decision absent)
// Sending the episode back after the last allowed review round fails it instead, with the reason.
import type { HeavyRun } from './plan-refusal.ts';
import type { ReviewDecision } from './review-file.ts';

export type Stage = 'planner' | 'coder' | 'reviewer' | 'completed' | 'failed';

export interface RoleResult {
  decision?: { decision: string; comments: string; file: string };
  refusal?: { file: string; reasons: number };
  submitted?: boolean;
  runs: HeavyRun[];
}

export const DECISION_ROUTES: Record<ReviewDecision, Stage> = {
  APPROVED: 'completed',
  REJECTED: 'failed',
  REJECT_PLAN: 'planner',
  REJECT_CODE: 'coder',
  CONFIRM_PLAN_REFUSAL: 'planner',
  REJECT_PLAN_REFUSAL: 'coder',
};

export function nextStage(role: 'planner' | 'coder' | 'reviewer', result: RoleResult, ctx: { round: number; subject: 'design' | 'plan_refusal' }): { to: Stage; reason: string } {
  if (role === 'planner') return { to: 'coder', reason: 'the planner finished; the coder implements the plan' };
  if (role === 'coder') {
    if (result.refusal) return { to: 'reviewer', reason: `the coder refused the plan (${result.refusal.file}, ${result.refusal.reasons} reason(s)); the reviewer confirms or rejects the refusal` };
    return { to: 'reviewer', reason: result.submitted ? 'the coder handed the design over; the reviewer reviews it' : 'the coder ended without a successful handover; the reviewer reviews what there is' };
  }
  const d = result.decision;
  if (!d) return { to: 'completed', reason: 'the reviewer recorded no decision; the episode completes unreviewed' };
  const to = DECISION_ROUTES[d.decision as ReviewDecision] ?? 'failed';
  const why = d.comments ? `: ${d.comments}` : '';
  switch (d.decision as ReviewDecision) {
    case 'APPROVED':
      return { to, reason: `the reviewer approved the design in round ${ctx.round} (${d.file})` };
    case 'REJECTED':
      return { to, reason: `the reviewer rejected the design in round ${ctx.round} (${d.file})${why}` };
    case 'REJECT_PLAN':
      return { to, reason: `the reviewer rejected the plan in round ${ctx.round}; the planner replans${why}` };
    case 'REJECT_CODE':
      return { to, reason: `the reviewer rejected the code in round ${ctx.round}; the coder revises${why}` };
    case 'CONFIRM_PLAN_REFUSAL':
      return { to, reason: `the reviewer confirmed the coder's plan refusal in round ${ctx.round}; the planner replans${why}` };
    case 'REJECT_PLAN_REFUSAL':
      return { to, reason: `the reviewer rejected the coder's plan refusal in round ${ctx.round}; the coder implements the plan${why}` };
    default:
      return { to: 'failed', reason: `unknown review decision ${d.decision}` };
  }
}

export function roundLimitReason(max: number, d: { decision: string; comments: string }): string {
  return `review round limit reached: ${max} review round(s) without approval; the last decision was ${d.decision}${d.comments ? `: ${d.comments}` : ''}`;
}

/** The message the role sent back reads first. */
export function routeNote(to: 'planner' | 'coder', d: { decision: string; comments: string; file: string }, round: number): string {
  const head = `Review round ${round}: the reviewer decided ${d.decision} (${d.file}).`;
  const comments = d.comments ? `\nReviewer's comments:\n${d.comments}` : '';
  if (d.decision === 'CONFIRM_PLAN_REFUSAL') return `${head} The coder's plan refusal (plan_refusal.md) stands: revise plan.md, todo.md and objectives.yaml, and call submit_plan again.${comments}`;
  if (d.decision === 'REJECT_PLAN_REFUSAL') return `${head} Your plan refusal was rejected: implement the plan as written, then submit.${comments}`;
  if (to === 'planner') return `${head} Revise the plan, and call submit_plan again.${comments}`;
  return `${head} Revise the design, validate, simulate (smoke_test_mode false) and submit again.${comments}`;
}
