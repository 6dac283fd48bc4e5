// POST /benchmark/simulate as a job: one queued rigid-body simulation of the parts in the
// objectives world; writes simulation_result.json, simulation_trajectory.json and <script>.glb,
// emits simulation_request / simulation_result and records the outcome.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../shared/src/workspace.ts';
import type { Failure } from '../failures.ts';
import { movedObjectMesh, writeGlb } from '../glb.ts';
import { RENDERS_DIR, renderVideo, renderViews, VIDEO_FILE } from '../render/index.ts';
import { materialOf } from '../materials.ts';
import type { Vec3 } from '../objectives.ts';
import type { BenchmarkRequest } from '../schemas.ts';
import { runSimulation } from '../simulate/run.ts';
import { checkJoint, setupProblems, type LoadedSession } from '../validate.ts';
import type { Workspace } from '../workspace.ts';
import { assertOutputWritable, defaultVariant, FIELD, gateFailure, inputsOf, load, modelPathFor, record, SIMULATION_FILE, TRAJECTORY_FILE, writeJson, type Response } from './io.ts';
import { enqueue, queuedPrefix } from './simulation-queue.ts';

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

/** Why the loaded inputs cannot be simulated (the load's own failure, or the problems above), or null. */
export async function simulationFailure(loaded: { session: LoadedSession } | { failure: Failure }): Promise<Failure | null> {
  if ('failure' in loaded) return loaded.failure;
  const problems = await simulationProblems(loaded.session);
  return problems.length ? { reason: 'VALIDATION_FAILED', detail: problems.join('; ') } : null;
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

/** The still views and the video of a full run (render policy: render/index.ts); a render failure is reported, never fatal. */
async function writeRenders(ws: Workspace, session: LoadedSession, outcome: Awaited<ReturnType<typeof runSimulation>>) {
  const start = outcome.start_position;
  try {
    await assertOutputWritable(ws.root, VIDEO_FILE, FIELD);
    fs.mkdirSync(path.join(ws.root, RENDERS_DIR), { recursive: true });
    const views: Record<string, string> = {};
    for (const [view, png] of renderViews(session.parts, session.objectives, start)) {
      const rel = `${RENDERS_DIR}/${view}.png`;
      await writeFileAtomic(path.join(ws.root, rel), png);
      views[view] = rel;
    }
    const video = await renderVideo(session.parts, session.objectives, start, outcome.trajectory, path.join(ws.root, VIDEO_FILE));
    return { views, video: { path: VIDEO_FILE, ...video } };
  } catch (error) {
    return { error: (error as Error).message };
  }
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
    const failure = (await simulationFailure(loaded)) ?? gateFailure(ws, sessionId, scriptPath, 'simulate');
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
    const renders = smoke ? null : await writeRenders(ws, session, outcome);
    if (renders) await rec.emit(renders.error ? 'render_failed' : 'renders_written', renders.error ? { error: renders.error } : { views: renders.views, video: renders.video });
    const { trajectory: _t, ...result } = outcome;
    const artifacts = {
      ...result,
      failure: outcome.failure,
      render_paths: [glbPath, TRAJECTORY_FILE, ...(renders && !renders.error ? [...Object.values(renders.views!), renders.video!.path] : [])],
      renders,
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
