// Runs a session's build script and returns its parts. The script is bundled with esbuild (the
// bare specifier `workbench/cad` resolves to ./index.ts; manifold-3d stays external, pinned to
// this install by absolute path; only relative imports and node: built-ins are allowed besides)
// and executed by a child `node` process with a wall-clock timeout and a heap cap, so a script
// that loops, leaks or crashes never takes the worker down with it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { ChildPart, ChildResult } from './harness.ts';

export type { ChildPart };

export const SCRIPT_TIMEOUT_MS = 30_000;
const HEAP_MB = 1024;

export class ScriptError extends Error {}

/** This directory in the source tree, found from the bundled service (dist/) or from source. */
function cadSourceDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [here, path.resolve(here, '../src/cad'), path.resolve(here, '../../src/cad')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'index.ts')) && fs.existsSync(path.join(dir, 'harness.ts')));
  if (!found) throw new Error(`CAD module sources not found near ${here}`);
  return found;
}

function resolverPlugin(cadDir: string): Plugin {
  const manifoldEntry = fileURLToPath(import.meta.resolve('manifold-3d'));
  return {
    name: 'workbench-cad',
    setup(b) {
      b.onResolve({ filter: /^workbench\/cad$/ }, () => ({ path: path.join(cadDir, 'index.ts') }));
      b.onResolve({ filter: /^manifold-3d$/ }, () => ({ path: manifoldEntry, external: true }));
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || args.importer.startsWith(cadDir)) return undefined;
        return { errors: [{ text: `cannot import "${args.path}": build scripts may import only "workbench/cad", relative files and node: built-ins` }] };
      });
    },
  };
}

/** Runs `scriptFile` (absolute, inside `workDir`) and returns its parts or throws ScriptError. */
export async function runBuildScript(
  scriptFile: string,
  workDir: string,
  options: { timeoutMs?: number } = {},
): Promise<ChildPart[]> {
  const displayName = path.relative(workDir, scriptFile) || path.basename(scriptFile);
  if (!fs.existsSync(scriptFile)) throw new ScriptError(`build script ${displayName} not found in the session`);
  const cadDir = cadSourceDir();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-heavy-script-'));
  try {
    const bundleFile = path.join(tmp, 'bundle.mjs');
    const outFile = path.join(tmp, 'parts.json');
    try {
      await build({
        stdin: {
          contents: [
            `import * as user from ${JSON.stringify(scriptFile)};`,
            `import { runBuild } from ${JSON.stringify(path.join(cadDir, 'harness.ts'))};`,
            'await runBuild(user, process.env.WORKBENCH_PARTS_OUT);',
          ].join('\n'),
          resolveDir: workDir,
          sourcefile: 'workbench-entry.mjs',
          loader: 'js',
        },
        outfile: bundleFile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        plugins: [resolverPlugin(cadDir)],
        logLevel: 'silent',
        write: true,
      });
    } catch (error) {
      const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors ?? [];
      const first = errors[0];
      const where = first?.location ? ` (${path.relative(workDir, first.location.file) || first.location.file}:${first.location.line})` : '';
      throw new ScriptError(`build script ${displayName} could not be compiled: ${first?.text ?? String(error)}${where}`);
    }
    const { code, timedOut, stderr } = await runChild(bundleFile, outFile, workDir, options.timeoutMs ?? SCRIPT_TIMEOUT_MS);
    if (timedOut) throw new ScriptError(`build script ${displayName} timed out after ${(options.timeoutMs ?? SCRIPT_TIMEOUT_MS) / 1000} s`);
    if (!fs.existsSync(outFile)) {
      const last = stderr.trim().split('\n').filter((l) => /Error|error/.test(l)).at(-1) ?? stderr.trim().split('\n').at(-1) ?? '';
      throw new ScriptError(`build script ${displayName} failed (exit ${code}): ${last.slice(0, 500)}`);
    }
    const result = JSON.parse(fs.readFileSync(outFile, 'utf8')) as ChildResult;
    if (!result.ok) throw new ScriptError(`build script ${displayName}: ${result.error}`);
    return result.parts;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function runChild(bundleFile: string, outFile: string, cwd: string, timeoutMs: number) {
  return new Promise<{ code: number | null; timedOut: boolean; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, bundleFile], {
      cwd,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: process.env.PATH ?? '', WORKBENCH_PARTS_OUT: outFile },
    });
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, stderr });
    });
  });
}
