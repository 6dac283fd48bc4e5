// The three benchmark operations as jobs on a workspace: validate, simulate, verify. Each writes
// its result file(s) into the session root and appends its events to the session's events.jsonl,
// returning them too. Simulations go through the one-at-a-time queue.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appendEvent, type WorkbenchEvent } from '../../shared/src/events.ts';
import { resolveSessionPath, writeFileAtomic, WorkspaceError } from '../../shared/src/workspace.ts';
import type { Failure } from './failures.ts';
import { movedObjectMesh, writeGlb } from './glb.ts';
import { materialOf } from './materials.ts';
import type { Vec3 } from './objectives.ts';
import { SimulationQueue, type QueueTicket } from './queue.ts';
import type { BenchmarkRequest, BenchmarkToolResponse, VerifyRequest } from './schemas.ts';
import { runSimulation, type SimulationOutcome } from './simulate/run.ts';
import { checkJoint, inputProblem, loadSession, validateAssembly, type LoadedSession } from './validate.ts';
import { openWorkspace, type Workspace } from './workspace.ts';

export const VALIDATION_FILE = 'validation_results.json';
export const SIMULATION_FILE = 'simulation_result.json';
export const TRAJECTORY_FILE = 'simulation_trajectory.json';
export const VERIFICATION_FILE = 'verification_result.json';

const queue = new SimulationQueue();

type Response = Omit<BenchmarkToolResponse, 'artifacts'> & { artifacts: BenchmarkToolResponse['artifacts'] & Record<string, unknown> };

class Recorder {
  readonly events: WorkbenchEvent[] = [];
  constructor(
    private readonly root: string,
    private readonly sessionId: string,
  ) {}
  async emit(event_type: string, fields: Record<string, unknown>): Promise<void> {
    this.events.push(await appendEvent(this.root, { event_type, session_id: this.sessionId, source: 'worker-heavy', ...fields }));
  }
}

async function scriptPathIn(ws: Workspace, requested: string | undefined): Promise<string> {
  if (requested !== undefined) {
    const resolved = await resolveSessionPath(ws.inputDir, requested, { field: 'body.script_path' });
    return resolved.rel;
  }
  return fs.existsSync(path.join(ws.inputDir, 'script.ts')) || !fs.existsSync(path.join(ws.inputDir, 'script.mjs')) ? 'script.ts' : 'script.mjs';
}

async function writeJson(root: string, rel: string, value: unknown): Promise<void> {
  const abs = path.join(root, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  await writeFileAtomic(abs, `${JSON.stringify(value, null, 2)}\n`);
}

function defaultVariant(session: LoadedSession): string {
  if (session.objectives.variant_id) return session.objectives.variant_id;
  return `v-${crypto.createHash('sha256').update(session.objectivesText).update('\0').update(session.scriptText).digest('hex').slice(0, 12)}`;
}

/** Loads script + objectives; a problem with them becomes a VALIDATION_FAILED failure. */
async function load(ws: Workspace, scriptPath: string): Promise<{ session: LoadedSession } | { failure: Failure }> {
  try {
    return { session: await loadSession(ws.inputDir, scriptPath) };
  } catch (error) {
    const message = inputProblem(error);
    if (message === undefined) throw error;
    return { failure: { reason: 'VALIDATION_FAILED', detail: message } };
  }
}

/** What simulation needs beyond a successful script run: known materials, sound joints. */
function simulationProblems(session: LoadedSession): string[] {
  const names = new Set(session.parts.map((p) => p.name));
  const problems: string[] = [];
  for (const p of session.parts) {
    if (!materialOf(p.metadata.material_id as string)) problems.push(`part "${p.name}" uses unknown material "${String(p.metadata.material_id)}"`);
    problems.push(...checkJoint(p, names));
  }
  return problems;
}

export async function validateJob(sessionId: string, body: BenchmarkRequest): Promise<Response> {
  const ws = await openWorkspace(sessionId, body.bundle_base64);
  try {
    const rec = new Recorder(ws.root, sessionId);
    const scriptPath = await scriptPathIn(ws, body.script_path);
    const loaded = await load(ws, scriptPath);
    if ('failure' in loaded) {
      const report = { success: false, failure: loaded.failure, script_path: scriptPath, checked_at: new Date().toISOString() };
      await writeJson(ws.root, VALIDATION_FILE, report);
      await rec.emit('manufacturability_check', { success: false, script_path: scriptPath, failure: loaded.failure });
      return { success: false, message: `VALIDATION_FAILED: ${loaded.failure.detail}`, confidence: 1, artifacts: { failure: loaded.failure, validation_path: VALIDATION_FILE, script_path: scriptPath }, events: rec.events };
    }
    const report = await validateAssembly(loaded.session.parts, loaded.session.objectives);
    const variant_id = body.variant_id ?? defaultVariant(loaded.session);
    await writeJson(ws.root, VALIDATION_FILE, { ...report, script_path: scriptPath, variant_id, checked_at: new Date().toISOString() });
    await rec.emit('manufacturability_check', {
      success: report.success,
      script_path: scriptPath,
      failure: report.failure,
      total_mass_g: report.totals.mass_g,
      total_cost: report.totals.cost,
      errors: [...report.errors, ...report.manufacturability_errors],
    });
    const message = report.success
      ? `validation passed: ${report.totals.part_count} parts, ${report.totals.mass_g.toFixed(1)} g, cost ${report.totals.cost.toFixed(2)}`
      : `${report.failure!.reason}: ${report.failure!.detail}`;
    const { success, failure, ...rest } = report;
    return { success, message, confidence: 1, artifacts: { failure, ...rest, variant_id, validation_path: VALIDATION_FILE, script_path: scriptPath }, events: rec.events };
  } finally {
    ws.dispose();
  }
}

function queuedPrefix(ticket: QueueTicket): string {
  return ticket.position > 0 ? `queued at position ${ticket.position}; ` : '';
}

async function enqueue<T>(sessionId: string, body: BenchmarkRequest, job: (ws: Workspace, rec: Recorder, ticket: QueueTicket) => Promise<T>): Promise<T> {
  // Open (and, for bundles, unpack) before queueing so a bad request fails at once.
  const ws = await openWorkspace(sessionId, body.bundle_base64);
  const rec = new Recorder(ws.root, sessionId);
  try {
    return await queue.run(
      (ticket) => job(ws, rec, ticket),
      (position) => rec.emit('simulation_queued', { position, message: `queued at position ${position}` }),
    );
  } finally {
    ws.dispose();
  }
}

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

async function writeModel(ws: Workspace, scriptPath: string, session: LoadedSession, start: Vec3): Promise<string> {
  const m = session.objectives.moved_object;
  const glb = await writeGlb(session.parts, [
    { name: m.label, ...movedObjectMesh(m.shape, m, start), extras: { moved_object: true, shape: m.shape, material_id: m.material_id } },
  ]);
  const rel = scriptPath.replace(/\.[cm]?[jt]s$/, '') + '.glb';
  const abs = path.join(ws.root, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  await writeFileAtomic(abs, glb);
  return rel;
}

export async function simulateJob(sessionId: string, body: BenchmarkRequest): Promise<Response> {
  return enqueue(sessionId, body, async (ws, rec, ticket) => {
    const scriptPath = await scriptPathIn(ws, body.script_path);
    const smoke = body.smoke_test_mode ?? false;
    const seed = body.seed ?? crypto.randomInt(0, 2 ** 32);
    const loaded = await load(ws, scriptPath);
    const variant_id = body.variant_id ?? ('session' in loaded ? defaultVariant(loaded.session) : 'unknown');
    const queueInfo = () => ({ ...ticket });
    await rec.emit('simulation_request', { script_path: scriptPath, smoke_test_mode: smoke, seed, variant_id, queue_position: ticket.position });
    const problems = 'session' in loaded ? simulationProblems(loaded.session) : [];
    const failure: Failure | null = 'failure' in loaded ? loaded.failure : problems.length ? { reason: 'VALIDATION_FAILED', detail: problems.join('; ') } : null;
    if (failure || !('session' in loaded)) {
      const artifacts = { failure, time_elapsed_s: 0, render_paths: [], scene: null, seed, variant_id, smoke_test_mode: smoke, script_path: scriptPath };
      await writeJson(ws.root, SIMULATION_FILE, { success: false, ...artifacts, queue: queueInfo() });
      await rec.emit('simulation_result', { success: false, failure_reason: failure!.reason, failure, seed, variant_id, time_elapsed_s: 0 });
      return { success: false, message: `${queuedPrefix(ticket)}${failure!.reason}: ${failure!.detail}`, confidence: 1, artifacts: { ...artifacts, queue: queueInfo() }, events: rec.events };
    }
    const { session } = loaded;
    const outcome = await runSimulation(session.parts, session.objectives, { smoke, seed });
    const glbPath = await writeModel(ws, scriptPath, session, outcome.start_position);
    await writeJson(ws.root, TRAJECTORY_FILE, { seed, variant_id, ...outcome.trajectory });
    const { trajectory: _t, ...result } = outcome;
    const artifacts = {
      ...result,
      failure: outcome.failure,
      render_paths: [glbPath, TRAJECTORY_FILE],
      variant_id,
      smoke_test_mode: smoke,
      script_path: scriptPath,
      result_path: SIMULATION_FILE,
      trajectory_path: TRAJECTORY_FILE,
      glb_path: glbPath,
    };
    ticket.finished_at = new Date().toISOString();
    await writeJson(ws.root, SIMULATION_FILE, { ...artifacts, queue: queueInfo() });
    await rec.emit('simulation_result', {
      success: outcome.success,
      failure_reason: outcome.failure?.reason ?? null,
      failure: outcome.failure,
      detail: outcome.detail,
      seed,
      variant_id,
      time_elapsed_s: outcome.time_elapsed_s,
    });
    const message = outcome.success ? `simulation succeeded: ${outcome.detail}` : `${outcome.failure!.reason}: ${outcome.failure!.detail}`;
    return { success: outcome.success, message: `${queuedPrefix(ticket)}${message}`, confidence: 1, artifacts: { ...artifacts, queue: queueInfo() }, events: rec.events };
  });
}

export const VERIFY_SUCCESS_RATE = 0.9;

export async function verifyJob(sessionId: string, body: VerifyRequest): Promise<Response> {
  return enqueue(sessionId, body, async (ws, rec, ticket) => {
    const scriptPath = await scriptPathIn(ws, body.script_path);
    const smoke = body.smoke_test_mode ?? false;
    const baseSeed = body.seed ?? crypto.randomInt(0, 2 ** 32 - 64);
    const numRuns = body.num_runs ?? 5;
    const loaded = await load(ws, scriptPath);
    const problems = 'session' in loaded ? simulationProblems(loaded.session) : [];
    const loadFailure: Failure | null = 'failure' in loaded ? loaded.failure : problems.length ? { reason: 'VALIDATION_FAILED', detail: problems.join('; ') } : null;
    if (loadFailure || !('session' in loaded)) {
      const variant_id = body.variant_id ?? 'unknown';
      await rec.emit('simulation_request', { script_path: scriptPath, smoke_test_mode: smoke, seed: baseSeed, variant_id, verification_run: 0 });
      await rec.emit('simulation_result', { success: false, failure_reason: loadFailure!.reason, failure: loadFailure, seed: baseSeed, variant_id });
      return { success: false, message: `${queuedPrefix(ticket)}${loadFailure!.reason}: ${loadFailure!.detail}`, confidence: 1, artifacts: { failure: loadFailure, seed: baseSeed, variant_id, queue: { ...ticket } }, events: rec.events };
    }
    const { session } = loaded;
    const variant_id = body.variant_id ?? defaultVariant(session);
    const jitter = (body.jitter_range as Vec3 | undefined) ?? session.objectives.moved_object.runtime_jitter;
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
    const success_count = individual_results.filter((r) => r.success).length;
    const success_rate = success_count / numRuns;
    const outcomes = new Set(individual_results.map((r) => (r.success ? 'SUCCESS' : r.failure!.reason)));
    const fail_reasons = [...new Set(individual_results.filter((r) => !r.success).map((r) => r.failure!.reason))];
    const verification_result = { num_runs: numRuns, success_count, success_rate, is_consistent: outcomes.size === 1, individual_results, fail_reasons, jitter_range: jitter, base_seed: baseSeed, variant_id };
    const passed = success_rate > VERIFY_SUCCESS_RATE;
    const failure: Failure | null = passed
      ? null
      : { reason: 'VERIFICATION_FAILED', detail: `success rate ${(success_rate * 100).toFixed(0)} % (${success_count}/${numRuns}) is not above ${VERIFY_SUCCESS_RATE * 100} %; failures: ${fail_reasons.join(', ') || 'none'}` };
    await writeJson(ws.root, VERIFICATION_FILE, { success: passed, failure, ...verification_result });
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

export { WorkspaceError };
