// What every benchmark job (validate, simulate, verify, submit) reads and writes: the build
// script's path, script + objectives loaded (a problem is a VALIDATION_FAILED failure), the result
// files in the session root and the outputs' write guard, the events appended to the session's
// events.jsonl (and returned), and the outcome recorded in the worker's own state
// (../records.ts), which is what submit trusts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appendEvent, type WorkbenchEvent } from '../../../shared/src/events.ts';
import { isInside, isReadOnlyPath, READ_ONLY_PREFIXES, resolveSessionPath, writeFileAtomic, WorkspaceError } from '../../../shared/src/workspace.ts';
import { SCRIPT_EXTENSIONS } from '../cad/run-script.ts';
import type { Failure } from '../failures.ts';
import { ASSEMBLY_FILE } from '../assembly/definition.ts';
import { addRecord, fingerprintOf, hashInputs, readRecords, type InputFile, type RunRecord } from '../records.ts';
import type { BenchmarkToolResponse } from '../schemas.ts';
import { inputProblem, loadSession, type LoadedSession } from '../validate.ts';
import type { Workspace } from '../workspace.ts';

/** The result files the jobs write into the session root. */
export const VALIDATION_FILE = 'validation_results.json';
export const SIMULATION_FILE = 'simulation_result.json';
export const TRAJECTORY_FILE = 'simulation_trajectory.json';
export const VERIFICATION_FILE = 'verification_result.json';

export type Response = Omit<BenchmarkToolResponse, 'artifacts'> & { artifacts: BenchmarkToolResponse['artifacts'] & Record<string, unknown> };

export class Recorder {
  readonly events: WorkbenchEvent[] = [];
  constructor(
    private readonly root: string,
    private readonly sessionId: string,
  ) {}
  async emit(event_type: string, fields: Record<string, unknown>): Promise<void> {
    this.events.push(await appendEvent(this.root, { event_type, session_id: this.sessionId, source: 'worker-heavy', ...fields }));
  }
}

export const FIELD = 'body.script_path';

/** The build script's session path; 400 naming body.script_path when it cannot be one. */
export async function scriptPathIn(ws: Workspace, requested: string | undefined): Promise<string> {
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

export async function writeJson(root: string, rel: string, value: unknown): Promise<void> {
  const abs = path.join(root, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  await writeFileAtomic(abs, `${JSON.stringify(value, null, 2)}\n`);
}

export function defaultVariant(session: LoadedSession): string {
  if (session.objectives.variant_id) return session.objectives.variant_id;
  return `v-${crypto.createHash('sha256').update(session.objectivesText).update('\0').update(session.scriptText).digest('hex').slice(0, 12)}`;
}

/** Loads script + objectives; a problem with them becomes a VALIDATION_FAILED failure. */
export async function load(ws: Workspace, scriptPath: string): Promise<{ session: LoadedSession } | { failure: Failure }> {
  try {
    return { session: await loadSession(ws.inputDir, scriptPath) };
  } catch (error) {
    const message = inputProblem(error);
    if (message === undefined) throw error;
    return { failure: { reason: 'VALIDATION_FAILED', detail: message } };
  }
}

/** Inputs of a run whose script did not load: what it could be tied to. */
export function inputsOf(ws: Workspace, scriptPath: string, loaded: { session: LoadedSession } | { failure: Failure }): { files: InputFile[]; fingerprint: string } {
  if ('session' in loaded) return { files: loaded.session.files, fingerprint: loaded.session.fingerprint };
  const files = hashInputs(ws.inputDir, ['objectives.yaml', ASSEMBLY_FILE, scriptPath]);
  return { files, fingerprint: fingerprintOf(files) };
}

export async function record(sessionId: string, kind: RunRecord['kind'], scriptPath: string, inputs: { files: InputFile[]; fingerprint: string }, success: boolean, failure: Failure | null, summary: Record<string, unknown>) {
  await addRecord(sessionId, { kind, script_path: scriptPath, ...inputs, success, failure, at: new Date().toISOString(), summary });
}

/** The newest record of `kind` whose inputs are exactly the files as they are now. */
export function currentRecord(ws: Workspace, sessionId: string, kind: RunRecord['kind'], scriptPath: string): RunRecord | undefined {
  return readRecords(sessionId, kind).find((r) => r.script_path === scriptPath && fingerprintOf(hashInputs(ws.inputDir, r.files.map((f) => f.path))) === r.fingerprint);
}

/** Which recorded inputs differ now (changed, added back or removed). */
export function changedFiles(ws: Workspace, files: InputFile[]): string[] {
  const now = hashInputs(ws.inputDir, files.map((f) => f.path));
  return files.filter((f, i) => f.sha256 !== now[i]!.sha256).map((f) => f.path);
}

/**
 * INT-018: why `action` may not run — no successful validate-and-price recorded by this worker for
 * exactly the current files (script, every session file it imports, objectives.yaml,
 * assembly_definition.yaml) — naming what changed or what failed; undefined when one exists.
 */
export function validationGate(ws: Workspace, sessionId: string, scriptPath: string, action: string): { detail: string; changed: string[] } | undefined {
  const current = currentRecord(ws, sessionId, 'validation', scriptPath);
  if (current?.success) return undefined;
  if (current) {
    return { detail: `${action} refused: the last validate-and-price of these exact files failed (${current.failure?.reason}: ${current.failure?.detail}); fix it and run benchmark/validate again`, changed: [] };
  }
  const last = readRecords(sessionId, 'validation').find((r) => r.script_path === scriptPath);
  if (!last) return { detail: `${action} refused: ${scriptPath} has no validate-and-price on this worker; run benchmark/validate first`, changed: [] };
  const changed = changedFiles(ws, last.files);
  return {
    detail: `${action} refused: no successful validate-and-price of the current files: ${changed.join(', ') || scriptPath} changed since ${scriptPath} was last validated (${last.at}); run benchmark/validate again`,
    changed,
  };
}

/** validationGate as the VALIDATION_FAILED failure simulate and verify answer with, or null. */
export function gateFailure(ws: Workspace, sessionId: string, scriptPath: string, action: string): Failure | null {
  const gate = validationGate(ws, sessionId, scriptPath, action);
  return gate ? { reason: 'VALIDATION_FAILED', detail: gate.detail } : null;
}
