// INT-016 / INT-017: review files and plan refusals, and where each decision routes the episode.
// Everything is observed through the controller's API: the episode's status, metadata_vars and
// traces (tool results the model read, `review_decision` and `episode_routed` events). The
// scripted model (services/model-server/scenarios.yaml, INT-016*, INT-017:*) writes the files;
// every check of them is the controller's, every design check the heavy worker's.
import { test, expect } from '../fixtures/workbench.ts';
import { startRun, tracesOf, waitForStatus, type Episode } from '../fixtures/workbench/controller.ts';

/** The routing of the episode, in order: [from, to, decision?]. */
const routes = (e: Episode) =>
  tracesOf(e, 'event', 'episode_routed').map((t) => [t.metadata.from, t.metadata.to, t.metadata.decision ?? null] as [string, string, string | null]);

/** The problems a refused review/refusal file reported to the model (the tool result's last line). */
function problemsOf(content: string | null): { file: string; field?: string; code: string; message: string }[] {
  const line = (content ?? '').split('\n').find((l) => l.startsWith('problems: '));
  expect(line, content ?? '').toBeTruthy();
  return JSON.parse(line!.slice('problems: '.length));
}

/** The first llm_start of `role` after trace `afterId`: what the role read when it was sent back. */
const nextPrompt = (e: Episode, role: string, afterId: number) => tracesOf(e, 'llm_start', role).find((t) => t.id > afterId)!;

test.describe('review files and routing', () => {
  test.setTimeout(240_000);

  test('INT-016 review frontmatter: invalid decision, rejection without comments, approval without evidence are refused naming the field; REJECT_CODE sends the design back, APPROVED completes', { tag: ['@p0', '@INT-016'] }, async ({
    controller,
    sessionId,
  }) => {
    const id = await startRun(controller, sessionId);
    const episode = await waitForStatus(controller, id, ['completed', 'failed'], 200_000);
    const reviews = tracesOf(episode, 'tool_end', 'submit_review');

    await test.step('expected failure: decision "approved" (not one of the six values) → refused, field decision, INVALID_DECISION', async () => {
      expect(reviews[0]!.metadata).toMatchObject({ ok: false, is_error: true });
      expect(problemsOf(reviews[0]!.content)).toEqual([
        expect.objectContaining({ file: 'review_files/review-1.md', field: 'decision', code: 'INVALID_DECISION', message: expect.stringContaining('APPROVED, REJECTED, REJECT_PLAN, REJECT_CODE, CONFIRM_PLAN_REFUSAL, REJECT_PLAN_REFUSAL') }),
      ]);
      // The model read exactly that result before its next turn.
      expect(nextPrompt(episode, 'reviewer', reviews[0]!.id).content).toContain('INVALID_DECISION');
    });

    await test.step('expected failure: REJECT_CODE without comments → refused, field comments, MISSING_COMMENTS', async () => {
      expect(reviews[1]!.metadata.ok).toBe(false);
      expect(problemsOf(reviews[1]!.content)).toEqual([expect.objectContaining({ field: 'comments', code: 'MISSING_COMMENTS' })]);
    });

    await test.step('expected failure: APPROVED without evidence → refused, field evidence, MISSING_EVIDENCE', async () => {
      expect(reviews[2]!.metadata.ok).toBe(false);
      expect(problemsOf(reviews[2]!.content)).toEqual([expect.objectContaining({ field: 'evidence', code: 'MISSING_EVIDENCE' })]);
    });

    const sentBack = await test.step('a valid REJECT_CODE (with comments) is recorded and routes the episode back to the coder', async () => {
      expect(reviews[3]!.metadata.ok).toBe(true);
      const decisions = tracesOf(episode, 'event', 'review_decision');
      expect(decisions.map((t) => t.metadata.decision)).toEqual(['REJECT_CODE', 'APPROVED']);
      expect(decisions[0]!.metadata).toMatchObject({ round: 1, path: 'review_files/review-1.md', comments: expect.stringContaining('document it'), source_role: 'reviewer' });
      const route = tracesOf(episode, 'event', 'episode_routed').find((t) => t.metadata.decision === 'REJECT_CODE')!;
      expect(route.metadata).toMatchObject({ from: 'reviewer', to: 'coder', round: 1, source: 'controller' });
      // The coder's second visit starts with the reviewer's comments.
      expect(nextPrompt(episode, 'coder', route.id).content).toContain('REJECT_CODE');
      expect(nextPrompt(episode, 'coder', route.id).content).toContain('document it');
      return route;
    });

    await test.step('round 2: the coder hands over again; the approval cites the new handover (fingerprint, full simulation) and completes the episode', async () => {
      expect(routes(episode)).toEqual([
        ['planner', 'coder', null],
        ['coder', 'reviewer', null],
        ['reviewer', 'coder', 'REJECT_CODE'],
        ['coder', 'reviewer', null],
        ['reviewer', 'completed', 'APPROVED'],
      ]);
      const submits = tracesOf(episode, 'tool_end', 'submit');
      expect(submits.map((t) => t.metadata.ok)).toEqual([true, true]);
      expect(submits[1]!.id).toBeGreaterThan(sentBack.id);
      const manifest = JSON.parse(submits[1]!.content!).artifacts.manifest;
      expect(manifest.simulation).toMatchObject({ success: true, smoke_test_mode: false });
      // expected failure: evidence that does not refer to the real handover (a wrong fingerprint, a file not read in this review) is refused.
      const forged = reviews.find((t) => t.id > sentBack.id)!;
      expect(forged.metadata.ok).toBe(false);
      expect(problemsOf(forged.content)).toEqual([
        expect.objectContaining({ file: 'review_files/review-2.md', field: 'evidence.manifest_fingerprint', code: 'EVIDENCE_MISMATCH', message: expect.stringContaining(manifest.fingerprint) }),
        expect.objectContaining({ field: 'evidence.files_checked[0]', code: 'EVIDENCE_MISMATCH', message: expect.stringContaining('was not read in this review') }),
      ]);
      const approval = tracesOf(episode, 'event', 'review_decision').at(-1)!;
      expect(approval.metadata.evidence).toMatchObject({ simulation: 'success', files_checked: ['review_manifest.json', 'validation_results.json', 'simulation_result.json'] });
      expect(approval.id).toBeGreaterThan(forged.id);
      expect(episode.status).toBe('completed');
      expect(episode.metadata_vars).toMatchObject({ review_decision: 'APPROVED', review_round: 2, stage: 'completed' });
    });
  });

  test('INT-016 REJECTED fails the episode with the comments as the reason; REJECT_CODE past the round limit fails it too', { tag: ['@p0', '@INT-016'] }, async ({
    controller,
    sessionId,
  }) => {
    const rejected = await startRun(controller, `${sessionId}-rejected`);
    const limited = await startRun(controller, `${sessionId}-limit`);

    await test.step('REJECTED → failed, the reason naming the decision and its comments', async () => {
      const e = await waitForStatus(controller, rejected, ['completed', 'failed']);
      expect(e.status).toBe('failed');
      expect(routes(e).at(-1)).toEqual(['reviewer', 'failed', 'REJECTED']);
      expect(e.metadata_vars.error).toMatch(/rejected the design in round 1 .*Nothing was built or handed over/);
      expect(tracesOf(e, 'error', 'episode_failed')[0]!.content).toBe(e.metadata_vars.error);
    });

    await test.step('expected failure: three REJECT_CODE rounds → the third cannot send the episode back: failed, naming the limit', async () => {
      const e = await waitForStatus(controller, limited, ['completed', 'failed']);
      expect(e.status).toBe('failed');
      expect(routes(e)).toEqual([
        ['planner', 'coder', null],
        ['coder', 'reviewer', null],
        ['reviewer', 'coder', 'REJECT_CODE'],
        ['coder', 'reviewer', null],
        ['reviewer', 'coder', 'REJECT_CODE'],
        ['coder', 'reviewer', null],
        ['reviewer', 'failed', 'REJECT_CODE'],
      ]);
      expect(e.metadata_vars.error).toMatch(/^review round limit reached: 3 review round\(s\) without approval; the last decision was REJECT_CODE: There is no build script yet\./);
    });
  });

  test('INT-016 the human review route applies the same rules: invalid decision and approval without evidence → 422 with problems', { tag: ['@p0', '@INT-016'] }, async ({
    controller,
    sessionId,
  }) => {
    const id = await startRun(controller, `${sessionId}-rejected`);
    await waitForStatus(controller, id, ['completed', 'failed']);
    const post = (review_content: string) => controller.post(`/episodes/${id}/review`, { data: { review_content } });
    const bad = await post('---\ndecision: changes_requested\n---\n');
    expect(bad.status()).toBe(422);
    expect((await bad.json()).problems).toEqual([expect.objectContaining({ field: 'decision', code: 'INVALID_DECISION' })]);
    const noEvidence = await post('---\ndecision: APPROVED\n---\nfine');
    expect(noEvidence.status()).toBe(422);
    expect((await noEvidence.json()).problems.map((p: { code: string }) => p.code)).toEqual(['NO_HANDOVER', 'MISSING_EVIDENCE']);
    const ok = await post('---\ndecision: REJECT_PLAN\ncomments: The plan ignores the budget.\n---\n');
    expect(ok.status()).toBe(202);
    expect(await ok.json()).toMatchObject({ status: 'accepted', decision: 'REJECT_PLAN' });
  });

  test('INT-017 a plan refusal needs proof; the reviewer confirms it and the planner replans', { tag: ['@p0', '@INT-017'] }, async ({ controller, sessionId }) => {
    const id = await startRun(controller, `${sessionId}-confirm`);
    const episode = await waitForStatus(controller, id, ['completed', 'failed'], 200_000);
    const refusals = tracesOf(episode, 'tool_end', 'refuse_plan');

    await test.step('expected failure: a refusal without reasons → refused, field reasons, MISSING_REASONS', async () => {
      expect(refusals[0]!.metadata.ok).toBe(false);
      expect(problemsOf(refusals[0]!.content)).toEqual([expect.objectContaining({ file: 'plan_refusal.md', field: 'reasons', code: 'MISSING_REASONS' })]);
    });

    await test.step('expected failure: proof citing a simulation failure the episode never produced → refused, PROOF_NOT_FOUND', async () => {
      expect(refusals[1]!.metadata.ok).toBe(false);
      const [p] = problemsOf(refusals[1]!.content);
      expect(p).toMatchObject({ field: 'reasons[0].evidence', code: 'PROOF_NOT_FOUND' });
      expect(p!.message).toMatch(/failed runs on record: validate VALIDATION_FAILED$/);
    });

    await test.step('a refusal citing the real failed validation and a computed figure is accepted and goes to the reviewer', async () => {
      expect(refusals[2]!.metadata.ok).toBe(true);
      expect(tracesOf(episode, 'event', 'plan_refusal_submitted')).toHaveLength(1);
      expect(episode.metadata_vars.plan_refusal).toMatchObject({ file: 'plan_refusal.md', reasons: 2 });
    });

    await test.step('CONFIRM_PLAN_REFUSAL → back to the planner, who replans; then coder, reviewer, APPROVED → completed', async () => {
      expect(routes(episode)).toEqual([
        ['planner', 'coder', null],
        ['coder', 'reviewer', null],
        ['reviewer', 'planner', 'CONFIRM_PLAN_REFUSAL'],
        ['planner', 'coder', null],
        ['coder', 'reviewer', null],
        ['reviewer', 'completed', 'APPROVED'],
      ]);
      const confirm = tracesOf(episode, 'event', 'episode_routed').find((t) => t.metadata.decision === 'CONFIRM_PLAN_REFUSAL')!;
      expect(confirm.metadata.reason).toContain("confirmed the coder's plan refusal");
      expect(nextPrompt(episode, 'planner', confirm.id).content).toContain('plan refusal (plan_refusal.md) stands');
      expect(tracesOf(episode, 'tool_end', 'submit_plan').filter((t) => t.id > confirm.id).length).toBeGreaterThan(0);
      expect(episode.status).toBe('completed');
    });
  });

  test('INT-017 the reviewer rejects a plan refusal: the coder must implement the plan', { tag: ['@p0', '@INT-017'] }, async ({ controller, sessionId }) => {
    const id = await startRun(controller, `${sessionId}-reject`);
    const episode = await waitForStatus(controller, id, ['completed', 'failed'], 200_000);

    await test.step('expected failure: a design decision (APPROVED) does not answer a plan refusal → refused, DECISION_NOT_APPLICABLE', async () => {
      const first = tracesOf(episode, 'tool_end', 'submit_review')[0]!;
      expect(first.metadata.ok).toBe(false);
      expect(problemsOf(first.content)).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'decision', code: 'DECISION_NOT_APPLICABLE' })]));
    });

    await test.step('REJECT_PLAN_REFUSAL → back to the coder (not the planner), who implements the plan; APPROVED → completed', async () => {
      expect(routes(episode)).toEqual([
        ['planner', 'coder', null],
        ['coder', 'reviewer', null],
        ['reviewer', 'coder', 'REJECT_PLAN_REFUSAL'],
        ['coder', 'reviewer', null],
        ['reviewer', 'completed', 'APPROVED'],
      ]);
      const reject = tracesOf(episode, 'event', 'episode_routed').find((t) => t.metadata.decision === 'REJECT_PLAN_REFUSAL')!;
      expect(nextPrompt(episode, 'coder', reject.id).content).toContain('Your plan refusal was rejected');
      expect(tracesOf(episode, 'llm_start', 'planner').every((t) => t.id < reject.id)).toBe(true);
      expect(tracesOf(episode, 'tool_end', 'submit').filter((t) => t.id > reject.id).map((t) => t.metadata.ok)).toEqual([true]);
      expect(episode.status).toBe('completed');
      expect(episode.metadata_vars).toMatchObject({ review_decision: 'APPROVED', review_round: 2 });
    });
  });
});
