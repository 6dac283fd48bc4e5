// POST /benchmark/submit as a job: the handover gate. Not queued, no simulation: it checks the
// inputs and the worker's own records, then writes the review manifest.
import fs from 'node:fs';
import path from 'node:path';
import type { Failure } from '../failures.ts';
import { checkObjectives, ObjectivesError, parseObjectives } from '../objectives.ts';
import { todoGate } from '../planning/todo-gate.ts';
import { readRecords, stateDir, type RunRecord } from '../records.ts';
import type { SubmitRequest } from '../schemas.ts';
import { openWorkspace } from '../workspace.ts';
import { environmentLockProblems, lockEnvironment } from './benchmark-lock.ts';
import { simulationGateProblems } from './submit-simulation-gate.ts';
import { changedFiles, currentRecord, modelPathFor, Recorder, scriptPathIn, SIMULATION_FILE, TRAJECTORY_FILE, VALIDATION_FILE, VERIFICATION_FILE, writeJson, type Response } from './io.ts';

export const MANIFEST_FILE = 'review_manifest.json';

const brief = (r: RunRecord | undefined) => (r ? { at: r.at, success: r.success, failure: r.failure, ...r.summary } : null);

/**
 * POST /benchmark/submit: the handover gate. Accepts only when the build script and
 * objectives.yaml exist and are sound, and the worker itself recorded a successful validation of
 * exactly the current inputs (script, every session file it imports, objectives.yaml). Then
 * writes review_manifest.json (session root; a copy stays in the worker's state).
 */
export async function submitJob(sessionId: string, body: SubmitRequest): Promise<Response> {
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
    missing.push(...todoGate(ws.inputDir, sessionId));
    if (!missing.length) missing.push(...simulationGateProblems(ws, sessionId, scriptPath));
    missing.push(...environmentLockProblems(ws, sessionId, body.handover));
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
      handover: body.handover ?? 'design',
      environment_lock: body.handover === 'benchmark' ? await lockEnvironment(sessionId, scriptPath, validation.files) : null,
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
