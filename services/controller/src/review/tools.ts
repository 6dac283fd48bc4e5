// The review tools: write_review (the reviewer's only write: a file under review_files/),
// submit_review (validates the review file; every problem goes back to the model as the tool
// result, so it can fix the file and call again) and refuse_plan (the coder's refusal of the plan,
// validated the same way). The workflow routes on what these return (agent/workflow.ts).
import type { Problem } from './frontmatter.ts';
import { describeProblems } from './frontmatter.ts';
import { PLAN_REFUSAL_FILE, validatePlanRefusal, type HeavyRun, type PlanRefusal } from './plan-refusal.ts';
import { REVIEW_DECISIONS, REVIEW_DIR, reviewPath, validateReview, type Handover, type Review } from './review-file.ts';
import { WorkerError, type WorkerClient } from '../workers.ts';

const fn = (name: string, description: string, properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'function' as const,
  function: { name, description, parameters: { type: 'object', properties, required, additionalProperties: false } },
});

export const REVIEW_TOOL_DEFS = {
  write_review: fn(
    'write_review',
    `Write your review file (markdown with YAML frontmatter) under ${REVIEW_DIR}/, e.g. ${reviewPath(1)}`,
    { path: { type: 'string', description: `a path under ${REVIEW_DIR}/ ending in .md` }, content: { type: 'string', description: 'full content' } },
    ['path', 'content'],
  ),
  submit_review: fn(
    'submit_review',
    `Submit the review file. Frontmatter: decision (${REVIEW_DECISIONS.join(' | ')}); comments (required unless APPROVED); ` +
      'evidence for APPROVED: { simulation: success, files_checked: [review_manifest.json, …files of the manifest you read with read_file], manifest_fingerprint? }. ' +
      'Problems come back as the result; fix the file and call again.',
    { path: { type: 'string', description: `the review file, default ${REVIEW_DIR}/review-<round>.md` } },
  ),
  refuse_plan: fn(
    'refuse_plan',
    `Refuse the plan with ${PLAN_REFUSAL_FILE}: frontmatter reasons: [{ reason, evidence }], evidence a failed run of this episode ` +
      '({kind: simulation|validation, failure_reason, seed?}) or a computed figure ({kind: computation, quantity, value, limit, formula}, value > limit). ' +
      'The reviewer then confirms (the planner replans) or rejects it (you implement the plan).',
    { path: { type: 'string', description: `default ${PLAN_REFUSAL_FILE}` } },
  ),
};

/** A refusal of a review/refusal file: its problems, each naming file, field and reason. */
export class FileProblems extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(`${problems[0]?.message ?? 'refused'}\n${file} was refused (${problems.length} problem${problems.length === 1 ? '' : 's'}); fix it and call again:\n${describeProblems(problems)}\nproblems: ${JSON.stringify(problems)}`);
    this.name = 'FileProblems';
  }
}

export interface ReviewToolContext {
  sessionId: string;
  light: WorkerClient;
  signal?: AbortSignal;
  /** The review round (1, 2, …), for the default review path. */
  round: number;
  subject: 'design' | 'plan_refusal';
  handover: Handover | null;
  runs: HeavyRun[];
  reads?: string[];
}

async function readText(ctx: ReviewToolContext, path: string): Promise<string | undefined> {
  try {
    return (await ctx.light.post<{ content: string }>('/fs/read', ctx.sessionId, { path }, ctx.signal)).content;
  } catch (e) {
    if (e instanceof WorkerError && e.status === 404) return undefined;
    throw e;
  }
}

const clean = (p: string) => p.replace(/^\/+/, '');

export function reviewWritePath(raw: unknown): string {
  if (typeof raw !== 'string' || !raw) throw new Error('argument "path" (a non-empty string) is required');
  const p = clean(raw);
  if (!p.startsWith(`${REVIEW_DIR}/`) || !p.endsWith('.md') || p.split('/').includes('..')) {
    throw new Error(`the reviewer writes only review files: path must be ${REVIEW_DIR}/<name>.md (got "${raw}")`);
  }
  return p;
}

export async function submitReview(args: Record<string, unknown>, ctx: ReviewToolContext): Promise<{ review: Review; file: string }> {
  const file = typeof args.path === 'string' && args.path ? clean(args.path) : reviewPath(ctx.round);
  const text = await readText(ctx, file);
  if (text === undefined) throw new FileProblems(file, [{ file, code: 'MISSING_FILE', message: `${file} does not exist: write it with write_review first` }]);
  const { review, problems } = validateReview(file, text, { subject: ctx.subject, handover: ctx.handover, ...(ctx.reads ? { reads: ctx.reads } : {}) });
  if (!review) throw new FileProblems(file, problems);
  return { review, file };
}

export async function refusePlan(args: Record<string, unknown>, ctx: ReviewToolContext): Promise<{ refusal: PlanRefusal; file: string }> {
  const file = typeof args.path === 'string' && args.path ? clean(args.path) : PLAN_REFUSAL_FILE;
  const text = await readText(ctx, file);
  if (text === undefined) throw new FileProblems(file, [{ file, code: 'MISSING_FILE', message: `${file} does not exist: write it (reasons with proof) first` }]);
  const { refusal, problems } = validatePlanRefusal(file, text, ctx.runs);
  if (!refusal) throw new FileProblems(file, problems);
  return { refusal, file };
}
