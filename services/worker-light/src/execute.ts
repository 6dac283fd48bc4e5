// runtime/execute: JavaScript (an ES module read from stdin) in a child `node` whose working
// directory is the session root. Containment is Node's permission model: fs reads and writes
// only under the session root, no child processes, workers, addons or WASI — so the child is a
// single process, killed at the timeout or when the caller gives up (an interrupted episode).
// It stays in the worker's process group: whoever stops the worker stops it too. It gets a
// scrubbed environment and a heap cap, and its output is capped.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import { eventsOffset, readEventsSince, type WorkbenchEvent } from '../../shared/src/events.ts';

export const OUTPUT_CAP_BYTES = 1024 * 1024;
export const HEAP_CAP_MB = Number(process.env.EXECUTE_HEAP_MB ?? 512);
const TRUNCATED_MARK = '\n[… output truncated at 1 MiB]\n';

/** `--permission` on Node 22.13+/24, `--experimental-permission` on Node 20. */
export function permissionFlag(flags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags): string {
  return flags.has('--permission') ? '--permission' : '--experimental-permission';
}

/** The child's command line (exported for unit tests). */
export function executeArgs(root: string): string[] {
  return [
    permissionFlag(),
    `--allow-fs-read=${root}`,
    `--allow-fs-write=${root}`,
    `--max-old-space-size=${HEAP_CAP_MB}`,
    '--disable-warning=ExperimentalWarning',
    '--input-type=module',
    '-',
  ];
}

/** Nothing of the worker's environment leaks: only these. */
export function executeEnv(root: string): Record<string, string> {
  return { HOME: root, TMPDIR: root, LANG: 'C.UTF-8', PATH: '/usr/local/bin:/usr/bin:/bin', NODE_ENV: 'production' };
}

export interface ExecuteResult {
  stdout: string;
  stderr: string;
  exit_code: number | null;
  timed_out: boolean;
  stdout_truncated: boolean;
  stderr_truncated: boolean;
  duration_ms: number;
  events: WorkbenchEvent[];
}

class CappedOutput {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  push(chunk: Buffer): void {
    if (this.size >= OUTPUT_CAP_BYTES) {
      this.truncated = true;
      return;
    }
    const room = OUTPUT_CAP_BYTES - this.size;
    if (chunk.length > room) this.truncated = true;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.chunks.push(kept);
    this.size += kept.length;
  }
  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.truncated ? text + TRUNCATED_MARK : text;
  }
}

const running = new Set<ChildProcess>();

/** Kills every run in progress: the worker is shutting down and their callers are gone. */
export function stopAllExecutions(): void {
  for (const child of running) child.kill('SIGKILL');
}

export async function execute(root: string, code: string, timeoutSeconds: number, signal?: AbortSignal): Promise<ExecuteResult> {
  const realRoot = await fs.realpath(root);
  const offset = await eventsOffset(realRoot);
  const started = performance.now();
  const child = spawn(process.execPath, executeArgs(realRoot), {
    cwd: realRoot,
    env: executeEnv(realRoot),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  const stdout = new CappedOutput();
  const stderr = new CappedOutput();
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.on('error', () => undefined); // the child may exit before reading all the code
  child.stdin.end(code);

  let timedOut = false;
  const kill = () => child.kill('SIGKILL');
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, timeoutSeconds * 1000);
  signal?.addEventListener('abort', kill, { once: true });

  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  }).finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', kill);
    running.delete(child);
  });

  return {
    stdout: stdout.text(),
    stderr: stderr.text(),
    exit_code: exitCode,
    timed_out: timedOut,
    stdout_truncated: stdout.truncated,
    stderr_truncated: stderr.truncated,
    duration_ms: Math.round((performance.now() - started) * 100) / 100,
    events: await readEventsSince(realRoot, offset),
  };
}
