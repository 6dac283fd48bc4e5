import { test, expect } from '@playwright/test';
import { validatePlanRefusal } from './plan-refusal.ts';
import { validateReview, type Handover } from './review-file.ts';
import { DECISION_ROUTES, nextStage } from './routing.ts';

const handover: Handover = {
  ok: true,
  message: 'submitted',
  fingerprint: 'f'.repeat(64),
  files: ['objectives.yaml', 'script.ts', 'validation_results.json', 'simulation_result.json'],
  simulation: { success: true, smoke_test_mode: false },
};
const F = 'review_files/review-1.md';
const codes = (r: { problems: { code: string; field?: string }[] }) => r.problems.map((p) => `${p.field ?? ''}:${p.code}`);

test('review: the six decisions; anything else is refused naming the field', () => {
  expect(codes(validateReview(F, '---\ndecision: approved\n---\n', { subject: 'design', handover }))).toEqual(['decision:INVALID_DECISION']);
  expect(codes(validateReview(F, 'no frontmatter', { subject: 'design', handover }))).toEqual([':MISSING_FRONTMATTER']);
  expect(codes(validateReview(F, '---\ncomments: x\n---\n', { subject: 'design', handover }))).toEqual(['decision:MISSING_FIELD']);
  expect(codes(validateReview(F, '---\ndecision: REJECT_PLAN\ncomments: x\nscore: 3\n---\n', { subject: 'design', handover }))).toEqual(['score:UNKNOWN_FIELD']);
});

test('review: rejections need comments; approvals need evidence that matches the handover', () => {
  for (const d of ['REJECTED', 'REJECT_PLAN', 'REJECT_CODE']) {
    expect(codes(validateReview(F, `---\ndecision: ${d}\n---\n`, { subject: 'design', handover }))).toEqual(['comments:MISSING_COMMENTS']);
    expect(validateReview(F, `---\ndecision: ${d}\ncomments: fix the joint\n---\n`, { subject: 'design', handover }).review?.decision).toBe(d);
  }
  expect(codes(validateReview(F, '---\ndecision: APPROVED\n---\n', { subject: 'design', handover }))).toEqual(['evidence:MISSING_EVIDENCE']);
  const approve = (ev: string, reads?: string[]) =>
    validateReview(F, `---\ndecision: APPROVED\nevidence:\n${ev}\n---\nok`, { subject: 'design', handover, ...(reads ? { reads } : {}) });
  const good = '  simulation: success\n  files_checked: [review_manifest.json, script.ts]';
  expect(approve(good, ['review_manifest.json', 'script.ts']).problems).toEqual([]);
  expect(codes(approve(good, ['review_manifest.json']))).toEqual(['evidence.files_checked[1]:EVIDENCE_MISMATCH']);
  expect(codes(approve(`${good}\n  manifest_fingerprint: '${'0'.repeat(64)}'`))).toEqual(['evidence.manifest_fingerprint:EVIDENCE_MISMATCH']);
  expect(approve(`${good}\n  manifest_fingerprint: '${'f'.repeat(64)}'`).problems).toEqual([]);
  expect(codes(approve('  simulation: success\n  files_checked: [notes.md]'))).toEqual(['evidence.files_checked:MISSING_EVIDENCE', 'evidence.files_checked[0]:EVIDENCE_MISMATCH']);
  const smokeOnly = { ...handover, simulation: { success: true, smoke_test_mode: true } };
  expect(codes(validateReview(F, `---\ndecision: APPROVED\nevidence:\n${good}\n---\n`, { subject: 'design', handover: smokeOnly }))).toEqual(['evidence.simulation:EVIDENCE_MISMATCH']);
  expect(codes(validateReview(F, `---\ndecision: APPROVED\nevidence:\n${good}\n---\n`, { subject: 'design', handover: null }))).toEqual(['decision:NO_HANDOVER']);
});

test('review: refusal decisions answer only a plan refusal, design decisions only a design', () => {
  expect(codes(validateReview(F, '---\ndecision: CONFIRM_PLAN_REFUSAL\ncomments: ok\n---\n', { subject: 'design', handover }))).toEqual(['decision:DECISION_NOT_APPLICABLE']);
  expect(codes(validateReview(F, '---\ndecision: REJECT_CODE\ncomments: ok\n---\n', { subject: 'plan_refusal', handover }))).toEqual(['decision:DECISION_NOT_APPLICABLE']);
  expect(validateReview(F, '---\ndecision: REJECT_PLAN_REFUSAL\ncomments: implement it\n---\n', { subject: 'plan_refusal', handover }).review?.decision).toBe('REJECT_PLAN_REFUSAL');
});

test('plan refusal: reasons with proof from the episode or a computation that exceeds its limit', () => {
  const runs = [{ tool: 'simulate', success: false, failure_reason: 'MOTOR_OVERLOAD', seed: 4 }];
  const refusal = (y: string) => validatePlanRefusal('plan_refusal.md', `---\n${y}\n---\n`, runs);
  expect(codes(refusal('reasons: []'))).toEqual(['reasons:MISSING_REASONS']);
  expect(codes(refusal('reasons:\n  - reason: too heavy'))).toEqual(['reasons[0].evidence:MISSING_PROOF']);
  expect(codes(refusal('reasons:\n  - reason: overload\n    evidence: { kind: simulation, failure_reason: MOTOR_OVERLOAD, seed: 5 }'))).toEqual(['reasons[0].evidence:PROOF_NOT_FOUND']);
  expect(refusal('reasons:\n  - reason: overload\n    evidence: { kind: simulation, failure_reason: MOTOR_OVERLOAD, seed: 4 }').problems).toEqual([]);
  expect(codes(refusal('reasons:\n  - reason: cost\n    evidence: { kind: computation, quantity: cost, value: 5, limit: 10, formula: a*b }'))).toEqual(['reasons[0].evidence.value:PROOF_DOES_NOT_HOLD']);
  expect(refusal('reasons:\n  - reason: cost\n    evidence: { kind: computation, quantity: cost, value: 15, limit: 10, formula: a*b }').refusal?.reasons).toHaveLength(1);
});

test('routing: each decision has its next stage; the coder always goes to the reviewer', () => {
  expect(DECISION_ROUTES).toEqual({
    APPROVED: 'completed',
    REJECTED: 'failed',
    REJECT_PLAN: 'planner',
    REJECT_CODE: 'coder',
    CONFIRM_PLAN_REFUSAL: 'planner',
    REJECT_PLAN_REFUSAL: 'coder',
  });
  const ctx = { round: 1, subject: 'design' as const };
  expect(nextStage('planner', { runs: [] }, ctx).to).toBe('coder');
  expect(nextStage('coder', { runs: [], refusal: { file: 'plan_refusal.md', reasons: 1 } }, ctx).reason).toContain('refused the plan');
  expect(nextStage('reviewer', { runs: [], decision: { decision: 'REJECTED', comments: 'no', file: F } }, ctx)).toEqual({ to: 'failed', reason: expect.stringContaining(': no') });
  expect(nextStage('reviewer', { runs: [] }, ctx).to).toBe('completed');
});
