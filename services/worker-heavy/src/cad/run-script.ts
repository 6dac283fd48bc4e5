// Runs a session's build script and returns its parts. The script is bundled with esbuild (the
// bare specifier `workbench/cad` resolves to ./index.ts; manifold-3d stays external, pinned to
// this install by absolute path; besides those, only files inside the session and node: built-ins
// may be imported) and executed by a sandboxed child `node` (../../../shared/src/sandbox.ts): no
// network, its own PID namespace, a memory cap, fs reads only of the session, the bundle and
// manifold-3d, fs writes only into its per-run temp dir, and a wall-clock timeout. The child's
// report is untrusted: its structure is re-checked here and every part's volume and bounding box
// are measured from the mesh it sent, never taken from the child.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { deathSignalPrefix, sandboxCommand } from '../../../shared/src/sandbox.ts';
import { isInside } from '../../../shared/src/workspace.ts';
import { GeometryError, measureMesh, type Box3 } from '../geometry.ts';
import { stateDir } from '../records.ts';
import type { RawPart } from './harness.ts';

/** A part as the worker knows it: the child's name, metadata and mesh, plus what the worker measured. */
export interface ChildPart extends RawPart {
  /** m³, measured by the worker from the mesh. */
  volume: number;
  /** m, measured by the worker from the mesh. */
  bbox: Box3;
}

export interface BuildResult {
  parts: ChildPart[];
  /** Session-relative paths of every session file the bundle was built from (script and its imports). */
  sources: string[];
}

export const SCRIPT_TIMEOUT_MS = 30_000;
const HEAP_MB = 1024;
/** RLIMIT_DATA for the child: the V8 heap plus manifold's WebAssembly memory. */
export const SCRIPT_MEMORY_BYTES = Number(process.env.HEAVY_SCRIPT_MEMORY_MB ?? 2048) * 1024 * 1024;
/** Limits on what a script may hand back, so one script cannot exhaust the worker. */
export const MAX_PARTS = 1000;
export const MAX_TRIANGLES = 2_000_000;
const MAX_RESULT_BYTES = 256 * 1024 * 1024;
export const SCRIPT_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;

export class ScriptError extends Error {}

/** The generated entry module's name (not a session file). */
const ENTRY = '<workbench-entry>';

/** This directory in the source tree, found from the bundled service (dist/) or from source. */
function cadSourceDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [here, path.resolve(here, '../src/cad'), path.resolve(here, '../../src/cad')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'index.ts')) && fs.existsSync(path.join(dir, 'harness.ts')));
  if (!found) throw new Error(`CAD module sources not found near ${here}`);
  return fs.realpathSync(found);
}

const manifoldEntry = () => fs.realpathSync(fileURLToPath(import.meta.resolve('manifold-3d')));

function resolverPlugin(cadDir: string, workDir: string): Plugin {
  const entry = manifoldEntry();
  const allowed = (p: string) => isInside(workDir, p) || isInside(cadDir, p);
  const refuse = (spec: string) => ({ errors: [{ text: `cannot import "${spec}": build scripts may import only "workbench/cad", files inside the session and node: built-ins` }] });
  return {
    name: 'workbench-cad',
    setup(b) {
      b.onResolve({ filter: /^workbench\/cad$/ }, () => ({ path: path.join(cadDir, 'index.ts') }));
      b.onResolve({ filter: /^manifold-3d$/ }, () => ({ path: entry, external: true }));
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || isInside(cadDir, args.importer)) return undefined;
        return refuse(args.path);
      });
      // Relative and absolute imports: nothing outside the session is even read.
      b.onResolve({ filter: /^[./]/ }, (args) => (allowed(path.resolve(args.resolveDir, args.path)) ? undefined : refuse(args.path)));
      // …also not through a symlink that esbuild followed.
      b.onLoad({ filter: /.*/ }, (args) => {
        let real: string;
        try {
          real = fs.realpathSync(args.path);
        } catch {
          return undefined; // esbuild reports the missing file itself
        }
        return allowed(real) ? undefined : refuse(path.relative(workDir, args.path));
      });
    },
  };
}

/**
 * Per-run folders (bundle + parts report) live beside the sessions, under the worker's state dir,
 * not in the shared /tmp: Node 20's permission model lets `readdir('/')` through when the
 * allow-listed paths sit under different top-level folders.
 */
let swept = false;
function runsDir(): string {
  const dir = path.join(stateDir(), 'runs');
  fs.mkdirSync(dir, { recursive: true });
  if (!swept) {
    // Left behind by a worker that was killed mid-run; a live run is never older than its timeout.
    swept = true;
    for (const name of fs.readdirSync(dir)) {
      const abs = path.join(dir, name);
      try {
        if (Date.now() - fs.statSync(abs).mtimeMs > 10 * SCRIPT_TIMEOUT_MS) fs.rmSync(abs, { recursive: true, force: true });
      } catch {
        // another worker removed it first
      }
    }
  }
  return dir;
}

/** Host paths never reach a response: the session's own paths are shown relative to it. */
function scrub(text: string, dirs: string[]): string {
  let out = text;
  for (const dir of dirs) out = out.split(`file://${dir}/`).join('').split(`${dir}/`).join('').split(dir).join('.');
  return out;
}

/** Runs `scriptFile` (absolute, inside `workDir`) and returns its measured parts, or throws ScriptError. */
export async function runBuildScript(scriptFile: string, workDir: string, options: { timeoutMs?: number } = {}): Promise<BuildResult> {
  const realWorkDir = fs.realpathSync(workDir);
  const displayName = path.relative(workDir, scriptFile) || path.basename(scriptFile);
  if (!fs.existsSync(scriptFile)) throw new ScriptError(`build script ${displayName} not found in the session`);
  if (!fs.statSync(scriptFile).isFile()) throw new ScriptError(`build script ${displayName} is a directory, not a file`);
  const realScript = fs.realpathSync(scriptFile);
  if (!isInside(realWorkDir, realScript)) throw new ScriptError(`build script ${displayName} resolves outside the session`);
  const cadDir = cadSourceDir();
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(runsDir(), 'run-')));
  const hide = [tmp, realWorkDir, workDir];
  try {
    const bundleFile = path.join(tmp, 'bundle.mjs');
    const outFile = path.join(tmp, 'parts.json');
    let inputs: string[];
    try {
      const result = await build({
        stdin: {
          contents: [
            `import { runBuild } from ${JSON.stringify(path.join(cadDir, 'harness.ts'))};`,
            `await runBuild(() => import(${JSON.stringify(realScript)}), process.env.WORKBENCH_PARTS_OUT);`,
          ].join('\n'),
          resolveDir: realWorkDir,
          sourcefile: ENTRY,
          loader: 'js',
        },
        absWorkingDir: realWorkDir,
        outfile: bundleFile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        plugins: [resolverPlugin(cadDir, realWorkDir)],
        logLevel: 'silent',
        metafile: true,
        write: true,
      });
      inputs = Object.keys(result.metafile.inputs);
    } catch (error) {
      const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors ?? [];
      const first = errors[0];
      const where = first?.location ? ` (${path.relative(realWorkDir, path.resolve(realWorkDir, first.location.file)) || first.location.file}:${first.location.line})` : '';
      throw new ScriptError(scrub(`build script ${displayName} could not be compiled: ${first?.text ?? String(error)}${where}`, hide));
    }
    const sources = [...new Set(inputs.filter((key) => key !== ENTRY).map((key) => path.resolve(realWorkDir, key)).filter((abs) => isInside(realWorkDir, abs)))]
      .map((abs) => path.relative(realWorkDir, abs).split(path.sep).join('/'))
      .sort();
    const timeoutMs = options.timeoutMs ?? SCRIPT_TIMEOUT_MS;
    const { code, signal, timedOut, stderr } = await runChild(bundleFile, outFile, realWorkDir, tmp, timeoutMs);
    if (timedOut) throw new ScriptError(`build script ${displayName} timed out after ${timeoutMs / 1000} s`);
    if (!fs.existsSync(outFile)) throw new ScriptError(scrub(exitMessage(displayName, code, signal, stderr), hide));
    if (fs.statSync(outFile).size > MAX_RESULT_BYTES) throw new ScriptError(`build script ${displayName} returned more than ${MAX_RESULT_BYTES / 2 ** 20} MiB of geometry`);
    let raw: RawPart[];
    try {
      raw = parseChildResult(fs.readFileSync(outFile, 'utf8'), displayName);
    } catch (error) {
      // e.g. ENOENT messages carry the absolute path the script tried
      throw error instanceof ScriptError ? new ScriptError(scrub(error.message, hide)) : error;
    }
    return { parts: await measureParts(raw, displayName), sources };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function exitMessage(displayName: string, code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const lines = stderr.trim().split('\n').filter(Boolean);
  const last = lines.filter((l) => /Error|error/.test(l)).at(-1) ?? lines.at(-1) ?? '';
  if (/heap out of memory|allocation failed|Cannot allocate memory|out of memory/i.test(stderr)) {
    return `build script ${displayName} ran out of memory (cap ${Math.round(SCRIPT_MEMORY_BYTES / 2 ** 20)} MiB): ${last.slice(0, 300)}`;
  }
  if (!last) return `build script ${displayName} ${signal ? `was killed (${signal})` : `exited (code ${code})`} before returning its parts`;
  return `build script ${displayName} failed (exit ${code}): ${last.slice(0, 500)}`;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The child's report, re-checked: a script may have written the file itself. */
export function parseChildResult(text: string, displayName: string): RawPart[] {
  let result: unknown;
  try {
    result = JSON.parse(text);
  } catch {
    throw new ScriptError(`build script ${displayName} returned a malformed parts report`);
  }
  if (!isObj(result)) throw new ScriptError(`build script ${displayName} returned a malformed parts report`);
  if (result.ok === false) throw new ScriptError(`build script ${displayName}: ${typeof result.error === 'string' ? result.error : 'failed'}`);
  if (result.ok !== true || !Array.isArray(result.parts)) throw new ScriptError(`build script ${displayName} returned a malformed parts report`);
  if (result.parts.length === 0) throw new ScriptError(`build script ${displayName}: the build function returned no parts`);
  if (result.parts.length > MAX_PARTS) throw new ScriptError(`build script ${displayName} returned ${result.parts.length} parts; the limit is ${MAX_PARTS}`);
  const names = new Set<string>();
  let triangles = 0;
  return result.parts.map((p: unknown, index: number) => {
    const label = isObj(p) && typeof p.name === 'string' && p.name.trim() ? `"${p.name}"` : `#${index + 1}`;
    const bad = (why: string) => new ScriptError(`build script ${displayName}: part ${label} ${why}`);
    if (!isObj(p) || typeof p.name !== 'string' || !p.name.trim()) throw bad('has no name');
    if (names.has(p.name)) throw bad('is defined twice; part names must be unique');
    names.add(p.name);
    const m = p.metadata;
    if (!isObj(m)) throw bad('has no PartMetadata (material_id, fixed)');
    if (typeof m.material_id !== 'string' || !m.material_id) throw bad('PartMetadata.material_id is missing');
    if (typeof m.fixed !== 'boolean') throw bad('PartMetadata.fixed must be a boolean');
    const mesh = p.mesh;
    if (!isObj(mesh) || !Array.isArray(mesh.vert) || !Array.isArray(mesh.tri)) throw bad('has no mesh');
    const { vert, tri } = mesh as { vert: unknown[]; tri: unknown[] };
    if (vert.length % 3 || !vert.every((x) => typeof x === 'number' && Number.isFinite(x))) throw bad('mesh has invalid vertices');
    const n = vert.length / 3;
    if (tri.length % 3 || tri.length === 0 || !tri.every((i) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < n)) throw bad('mesh has invalid triangles');
    triangles += tri.length / 3;
    if (triangles > MAX_TRIANGLES) throw new ScriptError(`build script ${displayName} returned more than ${MAX_TRIANGLES} triangles in total`);
    return { name: p.name, metadata: m, mesh: { vert: vert as number[], tri: tri as number[] } };
  });
}

/** Volume and bounding box of every part, from its mesh on the worker's own kernel. */
async function measureParts(raw: RawPart[], displayName: string): Promise<ChildPart[]> {
  const parts: ChildPart[] = [];
  for (const p of raw) {
    try {
      parts.push({ ...p, ...(await measureMesh(p.name, p.mesh)) });
    } catch (error) {
      if (error instanceof GeometryError) throw new ScriptError(`build script ${displayName}: ${error.message}`);
      throw error;
    }
  }
  return parts;
}

const running = new Set<ChildProcess>();

/** The whole run: its process group (wrapper, node and anything in its PID namespace). */
function killRun(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

// A worker that exits takes its build scripts with it (a SIGKILLed one: the lifeline does).
process.once('exit', () => {
  for (const child of running) killRun(child);
});

function runChild(bundleFile: string, outFile: string, cwd: string, tmp: string, timeoutMs: number) {
  const manifoldDir = path.dirname(manifoldEntry());
  const sandboxed = sandboxCommand({
    command: process.execPath,
    args: [`--max-old-space-size=${HEAP_MB}`, '--disable-warning=ExperimentalWarning', bundleFile],
    read: [cwd, tmp, manifoldDir],
    write: [tmp],
    memoryBytes: SCRIPT_MEMORY_BYTES,
  });
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean; stderr: string }>((resolve, reject) => {
    const [command, ...args] = [...deathSignalPrefix(), sandboxed.command, ...sandboxed.args];
    // Its own process group: kill(0, …) from the script must not reach the worker's group.
    const child = spawn(command!, args, {
      cwd,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp, TMPDIR: tmp, LANG: 'C.UTF-8', WORKBENCH_PARTS_OUT: outFile },
    });
    running.add(child);
    let stderr = '';
    let timedOut = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killRun(child);
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, timedOut, stderr });
    });
  });
}
