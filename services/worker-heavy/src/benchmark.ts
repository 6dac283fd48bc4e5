// The benchmark operations as jobs on a workspace: validate, simulate, verify, submit. Each
// writes its result file(s) into the session root and appends its events to the session's
// events.jsonl, returning them too. Simulations go through the one-at-a-time queue. Every outcome
// is also recorded in the worker's own state (./records.ts), which is what submit trusts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appendEvent, type WorkbenchEvent } from '../../shared/src/events.ts';
import { isInside, isReadOnlyPath, READ_ONLY_PREFIXES, resolveSessionPath, writeFileAtomic, WorkspaceError } from '../../shared/src/workspace.ts';
import { SCRIPT_EXTENSIONS } from './cad/run-script.ts';
import type { Failure } from './failures.ts';
import { movedObjectMesh, writeGlb } from './glb.ts';
import { materialOf } from './materials.ts';
import { checkObjectives, ObjectivesError, parseObjectives, type Vec3 } from './objectives.ts';
import { SimulationQueue, type QueueTicket } from './queue.ts';
import { addRecord, fingerprintOf, hashInputs, readRecords, stateDir, type InputFile, type RunRecord } from './records.ts';
import type { BenchmarkRequest, BenchmarkToolResponse, VerifyRequest } from './schemas.ts';
import { runSimulation, type SimulationOutcome } from './simulate/run.ts';
import { checkJoint, inputProblem, loadSession, setupProblems, validateAssembly, type LoadedSession } from './validate.ts';
import { openWorkspace, type Workspace } from './workspace.ts';

export const VALIDATION_FILE = 'validation_results.json';
export const SIMULATION_FILE = 'simulation_result.json';
export const TRAJECTORY_FILE = 'simulation_trajectory.json';
export const VERIFICATION_FILE = 'verification_result.json';
export const MANIFEST_FILE = 'review_manifest.json';

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

const FIELD = 'body.script_path';

/** The build script's session path; 400 naming body.script_path when it cannot be one. */
async function scriptPathIn(ws: Workspace, requested: string | undefined): Promise<string> {
  if (requested === undefined) {
    return fs.existsSync(path.join(ws.inputDir, 'script.ts')) || !fs.existsSync(path.join(ws.inputDir, 'script.mjs')) ? 'script.ts' : 'script.mjs';
  }
  const { rel, abs } = await resolveSessionPath(ws.inputDir, requested, { field: FIELD });
  if (rel === '') throw new WorkspaceError(400, 'invalid_script_path', `${FIELD} "${requested}" is the session root, not a build script`, FIELD);
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) {
    throw new WorkspaceError(400, 'invalid_script_path', `${FIELD} "${requested}" is a directory, not a build script`, FIELD);
  }
  if (!SCRIPT_EXTENSIONS.some((ext) => rel.endsWith(ext))) {
    throw new WorkspaceError(400, 'invalid_script_path', `${FIELD} "${requested}" must name a ${SCRIPT_EXTENSIONS.join(', ')} build script`, FIELD);
  }
  return rel;
}

/** `<script>.glb` next to the script: where simulate writes the model. */
export function modelPathFor(scriptPath: string): string {
  return scriptPath.replace(/\.[cm]?[jt]s$/, '') + '.glb';
}

/**
 * 403 when an output would land under a read-only prefix (/utils, /skills, /reviews, /config),
 * lexically or through a symlinked folder: the heavy worker honours them like the light worker.
 */
export async function assertOutputWritable(root: string, rel: string, field: string): Promise<void> {
  const refuse = () =>
    new WorkspaceError(403, 'read_only_path', `${field}: its output /${rel} would be written under a read-only prefix (/${READ_ONLY_PREFIXES.join(', /')})`, field);
  if (isReadOnlyPath(rel)) throw refuse();
  const realRoot = await fs.promises.realpath(root);
  let dir = path.dirname(path.join(root, rel));
  while (!fs.existsSync(dir) && dir !== root && isInside(root, dir)) dir = path.dirname(dir);
  const realDir = await fs.promises.realpath(dir);
  if (!isInside(realRoot, realDir)) throw new WorkspaceError(403, 'path_outside_session', `${field}: its output /${rel} resolves outside the session`, field);
  const relDir = path.relative(realRoot, realDir).split(path.sep).join('/');
  if (relDir && isReadOnlyPath(relDir)) throw refuse();
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

/** What simulation needs beyond a successful script run: known materials, sound joints, a sound objectives setup. */
async function simulationProblems(session: LoadedSession): Promise<string[]> {
  const names = new Set(session.parts.map((p) => p.name));
  const problems: string[] = [];
  for (const p of session.parts) {
    if (!materialOf(p.metadata.material_id as string)) problems.push(`part "${p.name}" uses unknown material "${String(p.metadata.material_id)}"`);
    problems.push(...checkJoint(p, names));
  }
  problems.push(...(await setupProblems(session.parts, session.objectives)));
  return problems;
}

/** Inputs of a run whose script did not load: what it could be tied to. */
function inputsOf(ws: Workspace, scriptPath: string, loaded: { session: LoadedSession } | { failure: Failure }): { files: InputFile[]; fingerprint: string } {
  if ('session' in loaded) return { files: loaded.session.files, fingerprint: loaded.session.fingerprint };
  const files = hashInputs(ws.inputDir, ['objectives.yaml', scriptPath]);
  return { files, fingerprint: fingerprintOf(files) };
}

async function record(sessionId: string, kind: RunRecord['kind'], scriptPath: string, inputs: { files: InputFile[]; fingerprint: string }, success: boolean, failure: Failure | null, summary: Record<string, unknown>) {
  await addRecord(sessionId, { kind, script_path: scriptPath, ...inputs, success, failure, at: new Date().toISOString(), summary });
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
      await record(sessionId, 'validation', scriptPath, inputsOf(ws, scriptPath, loaded), false, loaded.failure, {});
      await rec.emit('manufacturability_check', { success: false, script_path: scriptPath, failure: loaded.failure });
      return { success: false, message: `VALIDATION_FAILED: ${loaded.failure.detail}`, confidence: 1, artifacts: { failure: loaded.failure, validation_path: VALIDATION_FILE, script_path: scriptPath }, events: rec.events };
    }
    const report = await validateAssembly(loaded.session.parts, loaded.session.objectives);
    const variant_id = body.variant_id ?? defaultVariant(loaded.session);
    await writeJson(ws.root, VALIDATION_FILE, { ...report, script_path: scriptPath, variant_id, checked_at: new Date().toISOString() });
    await record(sessionId, 'validation', scriptPath, inputsOf(ws, scriptPath, loaded), report.success, report.failure, {
      variant_id,
      part_count: report.totals.part_count,
      mass_g: report.totals.mass_g,
      cost: report.totals.cost,
      parts: report.parts.map((p) => ({ name: p.name, material_id: p.material_id, mass_g: p.mass_g, cost: p.cost })),
    });
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

/**
 * Opens (for bundles: unpacks) the workspace and checks the request before queueing, so a bad
 * request fails at once; then runs `job` when the simulation queue reaches it.
 */
async function enqueue<T>(
  sessionId: string,
  body: BenchmarkRequest,
  check: (ws: Workspace, scriptPath: string) => Promise<void>,
  job: (ws: Workspace, scriptPath: string, rec: Recorder, ticket: QueueTicket) => Promise<T>,
): Promise<T> {
  const ws = await openWorkspace(sessionId, body.bundle_base64);
  try {
    const scriptPath = await scriptPathIn(ws, body.script_path);
    await check(ws, scriptPath);
    const rec = new Recorder(ws.root, sessionId);
    return await queue.run(
      (ticket) => job(ws, scriptPath, rec, ticket),
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
  const rel = modelPathFor(scriptPath);
  await assertOutputWritable(ws.root, rel, FIELD); // again: folders may have changed while queued
  const abs = path.join(ws.root, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  await writeFileAtomic(abs, glb);
  return rel;
}

export async function simulateJob(sessionId: string, body: BenchmarkRequest): Promise<Response> {
  const checkOutputs = (ws: Workspace, scriptPath: string) => assertOutputWritable(ws.root, modelPathFor(scriptPath), FIELD);
  return enqueue(sessionId, body, checkOutputs, async (ws, scriptPath, rec, ticket) => {
    const smoke = body.smoke_test_mode ?? false;
    const seed = body.seed ?? crypto.randomInt(0, 2 ** 32);
    const loaded = await load(ws, scriptPath);
    const variant_id = body.variant_id ?? ('session' in loaded ? defaultVariant(loaded.session) : 'unknown');
    const queueInfo = () => ({ ...ticket });
    await rec.emit('simulation_request', { script_path: scriptPath, smoke_test_mode: smoke, seed, variant_id, queue_position: ticket.position });
    const problems = 'session' in loaded ? await simulationProblems(loaded.session) : [];
    const failure: Failure | null = 'failure' in loaded ? loaded.failure : problems.length ? { reason: 'VALIDATION_FAILED', detail: problems.join('; ') } : null;
    if (failure || !('session' in loaded)) {
      ticket.finished_at = new Date().toISOString();
      const artifacts = { failure, time_elapsed_s: 0, render_paths: [], scene: null, seed, variant_id, smoke_test_mode: smoke, script_path: scriptPath };
      await writeJson(ws.root, SIMULATION_FILE, { success: false, ...artifacts, queue: queueInfo() });
      await record(sessionId, 'simulation', scriptPath, inputsOf(ws, scriptPath, loaded), false, failure, { seed, variant_id, smoke_test_mode: smoke });
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
    await record(sessionId, 'simulation', scriptPath, inputsOf(ws, scriptPath, loaded), outcome.success, outcome.failure, {
      seed,
      variant_id,
      smoke_test_mode: smoke,
      time_elapsed_s: outcome.time_elapsed_s,
      detail: outcome.detail,
    });
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
    const problems = 'session' in loaded ? await simulationProblems(loaded.session) : [];
    const loadFailure: Failure | null = 'failure' in loaded ? loaded.failure : problems.length ? { reason: 'VALIDATION_FAILED', detail: problems.join('; ') } : null;
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

/** The newest record of `kind` whose inputs are exactly the files as they are now. */
function currentRecord(ws: Workspace, sessionId: string, kind: RunRecord['kind'], scriptPath: string): RunRecord | undefined {
  return readRecords(sessionId, kind).find((r) => r.script_path === scriptPath && fingerprintOf(hashInputs(ws.inputDir, r.files.map((f) => f.path))) === r.fingerprint);
}

/** Which recorded inputs differ now (changed, added back or removed). */
function changedFiles(ws: Workspace, files: InputFile[]): string[] {
  const now = hashInputs(ws.inputDir, files.map((f) => f.path));
  return files.filter((f, i) => f.sha256 !== now[i]!.sha256).map((f) => f.path);
}

const brief = (r: RunRecord | undefined) => (r ? { at: r.at, success: r.success, failure: r.failure, ...r.summary } : null);

/**
 * POST /benchmark/submit: the handover gate. Accepts only when the build script and
 * objectives.yaml exist and are sound, and the worker itself recorded a successful validation of
 * exactly the current inputs (script, every session file it imports, objectives.yaml). Then
 * writes review_manifest.json (session root; a copy stays in the worker's state).
 */
export async function submitJob(sessionId: string, body: BenchmarkRequest): Promise<Response> {
  const ws = await openWorkspace(sessionId, body.bundle_base64);
  try {
    const rec = new Recorder(ws.root, sessionId);
    const scriptPath = await scriptPathIn(ws, body.script_path);
    const missing: string[] = [];
    const scriptFile = path.join(ws.inputDir, scriptPath);
    if (!fs.existsSync(scriptFile)) missing.push(`build script ${scriptPath} not found in the session`);
    else if (!fs.statSync(scriptFile).isFile()) missing.push(`build script ${scriptPath} is a directory, not a file`);
    const objectivesFile = path.join(ws.inputDir, 'objectives.yaml');
    if (!fs.existsSync(objectivesFile)) missing.push('objectives.yaml not found in the session');
    else if (!fs.statSync(objectivesFile).isFile()) missing.push('objectives.yaml is a directory, not a file');
    else {
      try {
        const problems = checkObjectives(parseObjectives(fs.readFileSync(objectivesFile, 'utf8')));
        if (problems.length) missing.push(`objectives.yaml is not sound: ${problems.join('; ')}`);
      } catch (error) {
        if (!(error instanceof ObjectivesError)) throw error;
        missing.push(error.message);
      }
    }
    const validation = missing.length ? undefined : currentRecord(ws, sessionId, 'validation', scriptPath);
    if (!missing.length) {
      if (!validation) {
        const last = readRecords(sessionId, 'validation').find((r) => r.script_path === scriptPath);
        missing.push(
          last
            ? `a successful validation of the current files: ${changedFiles(ws, last.files).join(', ') || scriptPath} changed since ${scriptPath} was last validated; run benchmark/validate again`
            : `a successful validation: ${scriptPath} has never been validated on this worker; run benchmark/validate first`,
        );
      } else if (!validation.success) {
        missing.push(`a successful validation: the last validation of these exact files failed (${validation.failure?.reason}: ${validation.failure?.detail})`);
      }
    }
    if (missing.length || !validation) {
      const failure: Failure = { reason: 'VALIDATION_FAILED', detail: `submit refused; missing: ${missing.join('; ')}` };
      await rec.emit('submission_rejected', { script_path: scriptPath, missing });
      return { success: false, message: failure.detail, confidence: 1, artifacts: { failure, missing, script_path: scriptPath }, events: rec.events };
    }
    const simulation = currentRecord(ws, sessionId, 'simulation', scriptPath);
    const verification = currentRecord(ws, sessionId, 'verification', scriptPath);
    const outputs = [VALIDATION_FILE, SIMULATION_FILE, TRAJECTORY_FILE, modelPathFor(scriptPath), VERIFICATION_FILE].filter((f) => fs.existsSync(path.join(ws.root, f)));
    const manifest = {
      manifest_version: 1,
      session_id: sessionId,
      submitted_at: new Date().toISOString(),
      script_path: scriptPath,
      variant_id: body.variant_id ?? (validation.summary.variant_id as string | undefined) ?? null,
      fingerprint: validation.fingerprint,
      files: validation.files,
      validation: brief(validation),
      simulation: brief(simulation),
      verification: brief(verification),
      artifacts: outputs,
    };
    await writeJson(ws.root, MANIFEST_FILE, manifest);
    await writeJson(stateDir(), path.join(sessionId, MANIFEST_FILE), manifest);
    await rec.emit('submission_accepted', { script_path: scriptPath, fingerprint: validation.fingerprint, manifest_path: MANIFEST_FILE });
    return {
      success: true,
      message: `submitted for review: ${scriptPath} (validated ${validation.at}); manifest ${MANIFEST_FILE}`,
      confidence: 1,
      artifacts: { failure: null, manifest_path: MANIFEST_FILE, manifest, script_path: scriptPath, variant_id: manifest.variant_id ?? undefined },
      events: rec.events,
    };
  } finally {
    ws.dispose();
  }
}

export { WorkspaceError };
