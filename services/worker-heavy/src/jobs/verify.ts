// POST /benchmark/verify as a job: N queued simulations with runtime jitter of the moved object's
// start; passes when the success rate is above 90 %. Writes verification_result.json, emits a
// simulation_request / simulation_result pair per run and records the outcome.
import crypto from 'node:crypto';
import { WorkspaceError } from '../../../shared/src/workspace.ts';
import type { Failure } from '../failures.ts';
import type { Vec3 } from '../objectives.ts';
import type { VerifyRequest } from '../schemas.ts';
import { runSimulation, type SimulationOutcome } from '../simulate/run.ts';
import { setupProblems } from '../validate.ts';
import { defaultVariant, gateFailure, inputsOf, load, record, VERIFICATION_FILE, writeJson, type Response } from './io.ts';
import { simulationFailure } from './simulate.ts';
import { enqueue, queuedPrefix } from './simulation-queue.ts';

function runSummary(o: SimulationOutcome, variant_id: string) {
  return {
    success: o.success,
    failure: o.failure,
    detail: o.detail,
    seed: o.seed,
    variant_id,
    time_elapsed_s: o.time_elapsed_s,
    start_position: o.start_position,
    final_position: o.final_position,
  };
}

export const VERIFY_SUCCESS_RATE = 0.9;

/** The contract's pass rule: strictly above 90 % (9 of 10 is not enough). */
export function verificationPassed(successCount: number, numRuns: number): boolean {
  return numRuns > 0 && successCount / numRuns > VERIFY_SUCCESS_RATE;
}

export async function verifyJob(sessionId: string, body: VerifyRequest): Promise<Response> {
  return enqueue(sessionId, body, async () => {}, async (ws, scriptPath, rec, ticket) => {
    const smoke = body.smoke_test_mode ?? false;
    const baseSeed = body.seed ?? crypto.randomInt(0, 2 ** 32 - 64);
    const numRuns = body.num_runs ?? 5;
    const loaded = await load(ws, scriptPath);
    const loadFailure = (await simulationFailure(loaded)) ?? gateFailure(ws, sessionId, scriptPath, 'verify');
    if (loadFailure || !('session' in loaded)) {
      ticket.finished_at = new Date().toISOString();
      const variant_id = body.variant_id ?? 'unknown';
      await record(sessionId, 'verification', scriptPath, inputsOf(ws, scriptPath, loaded), false, loadFailure, { variant_id });
      await rec.emit('simulation_request', { script_path: scriptPath, smoke_test_mode: smoke, seed: baseSeed, variant_id, verification_run: 0 });
      await rec.emit('simulation_result', { success: false, failure_reason: loadFailure!.reason, failure: loadFailure, seed: baseSeed, variant_id });
      return { success: false, message: `${queuedPrefix(ticket)}${loadFailure!.reason}: ${loadFailure!.detail}`, confidence: 1, artifacts: { failure: loadFailure, seed: baseSeed, variant_id, queue: { ...ticket } }, events: rec.events };
    }
    const { session } = loaded;
    const jitter = (body.jitter_range as Vec3 | undefined) ?? session.objectives.moved_object.runtime_jitter;
    if (body.jitter_range) {
      // The override must keep the setup sound, exactly as runtime_jitter must in validate.
      const bad = await setupProblems(session.parts, session.objectives, { range: jitter, name: 'jitter_range' });
      if (bad.length) throw new WorkspaceError(422, 'invalid_jitter_range', `body.jitter_range ${JSON.stringify(body.jitter_range)} is unusable: ${bad.join('; ')}`, 'body.jitter_range');
    }
    const variant_id = body.variant_id ?? defaultVariant(session);
    const individual_results: ReturnType<typeof runSummary>[] = [];
    for (let i = 0; i < numRuns; i++) {
      const seed = (baseSeed + i) >>> 0;
      await rec.emit('simulation_request', { script_path: scriptPath, smoke_test_mode: smoke, seed, variant_id, verification_run: i + 1, jitter_range: jitter });
      const outcome = await runSimulation(session.parts, session.objectives, { smoke, seed, jitter });
      individual_results.push(runSummary(outcome, variant_id));
      await rec.emit('simulation_result', {
        success: outcome.success,
        failure_reason: outcome.failure?.reason ?? null,
        failure: outcome.failure,
        seed,
        variant_id,
        time_elapsed_s: outcome.time_elapsed_s,
        verification_run: i + 1,
      });
    }
    ticket.finished_at = new Date().toISOString();
    const success_count = individual_results.filter((r) => r.success).length;
    const success_rate = success_count / numRuns;
    const outcomes = new Set(individual_results.map((r) => (r.success ? 'SUCCESS' : r.failure!.reason)));
    const fail_reasons = [...new Set(individual_results.filter((r) => !r.success).map((r) => r.failure!.reason))];
    const verification_result = { num_runs: numRuns, success_count, success_rate, is_consistent: outcomes.size === 1, individual_results, fail_reasons, jitter_range: jitter, base_seed: baseSeed, variant_id };
    const passed = verificationPassed(success_count, numRuns);
    const failure: Failure | null = passed
      ? null
      : { reason: 'VERIFICATION_FAILED', detail: `success rate ${(success_rate * 100).toFixed(0)} % (${success_count}/${numRuns}) is not above ${VERIFY_SUCCESS_RATE * 100} %; failures: ${fail_reasons.join(', ') || 'none'}` };
    await writeJson(ws.root, VERIFICATION_FILE, { success: passed, failure, ...verification_result });
    await record(sessionId, 'verification', scriptPath, inputsOf(ws, scriptPath, loaded), passed, failure, {
      variant_id,
      num_runs: numRuns,
      success_count,
      success_rate,
      jitter_range: jitter,
      base_seed: baseSeed,
      smoke_test_mode: smoke,
    });
    const message = passed ? `verification passed: ${success_count}/${numRuns} runs succeeded` : `VERIFICATION_FAILED: ${failure!.detail}`;
    return {
      success: passed,
      message: `${queuedPrefix(ticket)}${message}`,
      confidence: success_rate,
      artifacts: { failure, verification_result, seed: baseSeed, variant_id, verification_path: VERIFICATION_FILE, queue: { ...ticket } },
      events: rec.events,
    };
  });
}
