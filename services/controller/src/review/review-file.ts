// Review files (INT-016): the reviewer writes `review_files/review-<round>.md`, markdown with YAML
// frontmatter, and calls submit_review with its path. (`/reviews` is one of the read-only seeded
// prefixes, INT-063, so reviews are written to `review_files/`.) Frontmatter fields:
//   decision:  APPROVED | REJECTED | REJECT_PLAN | REJECT_CODE | CONFIRM_PLAN_REFUSAL | REJECT_PLAN_REFUSAL
//   comments:  non-empty text — required for every decision but APPROVED (the next role acts on it)
//   evidence:  required for APPROVED, checked against the handover the heavy worker accepted:
//     simulation: success — the manifest must record a successful full simulation of those inputs
//     files_checked: [paths] — must include review_manifest.json; each a file or result the
//       handover manifest lists, and (for the agent reviewer) read with read_file in this review
//     manifest_fingerprint (optional): when given, must be the accepted handover's fingerprint
// Unknown fields are refused. A design review answers with APPROVED, REJECTED, REJECT_PLAN or
// REJECT_CODE; a review of the coder's plan refusal with CONFIRM_PLAN_REFUSAL or REJECT_PLAN_REFUSAL.
import { parseFrontmatter, problem, type Problem } from './frontmatter.ts';

export const REVIEW_DECISIONS = ['APPROVED', 'REJECTED', 'REJECT_PLAN', 'REJECT_CODE', 'CONFIRM_PLAN_REFUSAL', 'REJECT_PLAN_REFUSAL'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const DESIGN_DECISIONS: ReviewDecision[] = ['APPROVED', 'REJECTED', 'REJECT_PLAN', 'REJECT_CODE'];
export const REFUSAL_DECISIONS: ReviewDecision[] = ['CONFIRM_PLAN_REFUSAL', 'REJECT_PLAN_REFUSAL'];

export const REVIEW_DIR = 'review_files';
export const reviewPath = (round: number) => `${REVIEW_DIR}/review-${round}.md`;
const FIELDS = ['decision', 'comments', 'evidence'];
const EVIDENCE_FIELDS = ['manifest_fingerprint', 'simulation', 'files_checked'];

/** What the heavy worker accepted at the last submit (the workflow records it from the response, never from a session file). */
export interface Handover {
  ok: boolean;
  message: string;
  fingerprint?: string | null;
  /** Input files and result files of the manifest. */
  files?: string[];
  /** The manifest's simulation record: success and mode. */
  simulation?: { success?: boolean; smoke_test_mode?: boolean } | null;
}

export interface ReviewContext {
  /** What is under review: the coder's handed-over design, or the coder's refusal of the plan. */
  subject: 'design' | 'plan_refusal' | 'any';
  /** The last submit (null: never called). */
  handover: Handover | null;
  /** Files the reviewer read (read_file) in this review; undefined: not checked (a human review). */
  reads?: string[];
}

export interface Review {
  decision: ReviewDecision;
  comments: string;
  evidence: Record<string, unknown> | null;
  body: string;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

export function validateReview(file: string, text: string, ctx: ReviewContext): { review?: Review; problems: Problem[] } {
  const { front, body, problems } = parseFrontmatter(file, text);
  if (!front) return { problems };
  for (const key of Object.keys(front)) {
    if (!FIELDS.includes(key)) problems.push(problem(file, 'UNKNOWN_FIELD', `unknown frontmatter field "${key}"; allowed: ${FIELDS.join(', ')}`, key));
  }
  const decision = front.decision;
  if (decision === undefined) problems.push(problem(file, 'MISSING_FIELD', `decision is required: one of ${REVIEW_DECISIONS.join(', ')}`, 'decision'));
  else if (typeof decision !== 'string' || !(REVIEW_DECISIONS as readonly string[]).includes(decision)) {
    const hint = typeof decision === 'string' && (REVIEW_DECISIONS as readonly string[]).includes(decision.toUpperCase()) ? ` (write it ${decision.toUpperCase()})` : '';
    problems.push(problem(file, 'INVALID_DECISION', `decision "${String(decision)}" is not one of ${REVIEW_DECISIONS.join(', ')}${hint}`, 'decision'));
  }
  const d = (REVIEW_DECISIONS as readonly string[]).includes(decision as string) ? (decision as ReviewDecision) : undefined;
  if (d && ctx.subject === 'design' && REFUSAL_DECISIONS.includes(d)) {
    problems.push(problem(file, 'DECISION_NOT_APPLICABLE', `decision ${d} answers a plan refusal, but the coder did not refuse the plan; a design review decides ${DESIGN_DECISIONS.join(', ')}`, 'decision'));
  }
  if (d && ctx.subject === 'plan_refusal' && DESIGN_DECISIONS.includes(d)) {
    problems.push(problem(file, 'DECISION_NOT_APPLICABLE', `decision ${d} reviews a design, but the coder refused the plan (plan_refusal.md); decide ${REFUSAL_DECISIONS.join(' or ')}`, 'decision'));
  }
  const comments = front.comments;
  if (comments !== undefined && typeof comments !== 'string') problems.push(problem(file, 'INVALID_FIELD', 'comments must be text', 'comments'));
  if (d && d !== 'APPROVED' && !isText(comments)) {
    problems.push(problem(file, 'MISSING_COMMENTS', `decision ${d} needs non-empty comments: what is wrong and what the next role must do`, 'comments'));
  }
  const evidence = front.evidence;
  if (evidence !== undefined && (evidence === null || typeof evidence !== 'object' || Array.isArray(evidence))) {
    problems.push(problem(file, 'INVALID_FIELD', `evidence must be a mapping with ${EVIDENCE_FIELDS.join(', ')}`, 'evidence'));
  } else if (evidence) {
    for (const key of Object.keys(evidence)) {
      if (!EVIDENCE_FIELDS.includes(key)) problems.push(problem(file, 'UNKNOWN_FIELD', `unknown evidence field "${key}"; allowed: ${EVIDENCE_FIELDS.join(', ')}`, `evidence.${key}`));
    }
  }
  if (d === 'APPROVED') problems.push(...approvalProblems(file, evidence as Record<string, unknown> | undefined, ctx.handover, ctx.reads));
  if (problems.length || !d) return { problems };
  return { review: { decision: d, comments: typeof comments === 'string' ? comments.trim() : '', evidence: (evidence as Record<string, unknown> | undefined) ?? null, body: body.trim() }, problems };
}

/** An approval's evidence must name the handover the heavy worker accepted. */
function approvalProblems(file: string, evidence: Record<string, unknown> | undefined, handover: Handover | null, reads?: string[]): Problem[] {
  const out: Problem[] = [];
  if (!handover?.ok) {
    out.push(
      problem(
        file,
        'NO_HANDOVER',
        `cannot approve: the design was not handed over (${handover ? `the last submit failed: ${handover.message}` : 'submit was never called'})`,
        'decision',
      ),
    );
  }
  if (evidence === undefined || evidence === null || typeof evidence !== 'object') {
    out.push(problem(file, 'MISSING_EVIDENCE', `decision APPROVED needs evidence: { simulation: success, files_checked: [review_manifest.json, …the files you read] }, optionally manifest_fingerprint`, 'evidence'));
    return out;
  }
  const fp = evidence.manifest_fingerprint;
  if (fp !== undefined && !isText(fp)) out.push(problem(file, 'INVALID_FIELD', 'evidence.manifest_fingerprint must be the `fingerprint` of review_manifest.json, as a (quoted) string', 'evidence.manifest_fingerprint'));
  else if (isText(fp) && handover?.ok && handover.fingerprint && fp !== handover.fingerprint) {
    out.push(problem(file, 'EVIDENCE_MISMATCH', `evidence.manifest_fingerprint ${fp} is not the fingerprint of the accepted handover (${handover.fingerprint})`, 'evidence.manifest_fingerprint'));
  }
  const sim = evidence.simulation;
  if (sim === undefined) out.push(problem(file, 'MISSING_EVIDENCE', 'evidence.simulation is required: `success` when the manifest records a successful full simulation', 'evidence.simulation'));
  else if (sim !== 'success') out.push(problem(file, 'INVALID_FIELD', `evidence.simulation "${String(sim)}" must be "success": a design is approved only on a successful simulation`, 'evidence.simulation'));
  else if (handover?.ok && !(handover.simulation?.success && handover.simulation.smoke_test_mode === false)) {
    out.push(problem(file, 'EVIDENCE_MISMATCH', 'evidence.simulation says success, but the handover manifest records no successful full simulation of the handed-over files', 'evidence.simulation'));
  }
  const checked = evidence.files_checked;
  if (!Array.isArray(checked) || !checked.length || !checked.every(isText)) {
    out.push(problem(file, 'MISSING_EVIDENCE', 'evidence.files_checked must be a non-empty list of the files you read (review_manifest.json and paths it lists)', 'evidence.files_checked'));
  } else {
    const paths = checked.map((f) => String(f).replace(/^\/+/, ''));
    if (!paths.includes('review_manifest.json')) {
      out.push(problem(file, 'MISSING_EVIDENCE', 'evidence.files_checked must include review_manifest.json: the handover you approve', 'evidence.files_checked'));
    }
    const known = handover?.ok && handover.files ? new Set([...handover.files, 'review_manifest.json']) : undefined;
    const read = reads ? new Set(reads.map((r) => r.replace(/^\/+/, ''))) : undefined;
    paths.forEach((p, i) => {
      if (known && !known.has(p)) out.push(problem(file, 'EVIDENCE_MISMATCH', `evidence.files_checked[${i}] "${p}" is not a file of the handover (${[...known].join(', ')})`, `evidence.files_checked[${i}]`));
      else if (read && !read.has(p)) out.push(problem(file, 'EVIDENCE_MISMATCH', `evidence.files_checked[${i}] "${p}" was not read in this review (read it with read_file first)`, `evidence.files_checked[${i}]`));
    });
  }
  return out;
}
