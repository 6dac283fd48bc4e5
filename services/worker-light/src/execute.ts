// runtime/execute: JavaScript (an ES module read from stdin) in a child `node` whose working
// directory is the session root, contained by ./sandbox.ts: fs reads and writes only under the
// session root, no child processes, workers or addons (Node's permission model); where the host
// allows it no network, its own PID namespace and an OS memory cap. It leads its own process
// group, and the whole group is killed at the timeout, when the caller gives up (an interrupted
// episode) or when the worker stops. It gets a scrubbed environment and its output is capped.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { eventsOffset, readNewEvents, type WorkbenchEvent } from '../../shared/src/events.ts';
import { executeCommand } from './sandbox.ts';

export const OUTPUT_CAP_BYTES = 1024 * 1024;
const TRUNCATED_MARK = '\n[… output truncated at 1 MiB]\n';

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
  events_truncated: boolean;
  events_error?: string;
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

/**
 * Output names files relative to the session root, as the caller knows them: stack traces would
 * otherwise show where this host keeps sessions (`file:///dev/shm/…/sessions/<id>/[eval1]:2`).
 */
export function sessionRelative(roots: string[]): (text: string) => string {
  const forms = [...new Set(roots)].flatMap((r) => [`file://${r}/`, `${r}/`, `file://${r}`, r]).sort((a, b) => b.length - a.length);
  return (text) => forms.reduce((out, form) => out.split(form).join(form.endsWith('/') ? '' : '.'), text);
}

const running = new Set<ChildProcess>();

/** SIGKILL to the run's process group: the wrapper, and node inside it. */
function killRun(child: ChildProcess): void {
  // Once the leader is reaped its pid (= the group id) may be reused: then kill nothing.
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Kills every run in progress: the worker is shutting down and their callers are gone. */
export function stopAllExecutions(): void {
  for (const child of running) killRun(child);
}

/** Told once a killed run's whole process group is gone: why it was killed, and its group id. */
export type OnKilled = (killed: { reason: 'timeout' | 'caller_gone'; pgid: number }) => void;

export async function execute(root: string, code: string, timeoutSeconds: number, signal?: AbortSignal, onKilled?: OnKilled): Promise<ExecuteResult> {
  const realRoot = await fs.realpath(root);
  const offset = await eventsOffset(realRoot);
  const started = performance.now();
  const { command, args } = executeCommand(realRoot);
  const child = spawn(command, args, {
    cwd: realRoot,
    env: executeEnv(realRoot),
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group, so a signal to "my group" from inside reaches only the run.
    detached: true,
  });
  running.add(child);
  const stdout = new CappedOutput();
  const stderr = new CappedOutput();
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.on('error', () => undefined); // the child may exit before reading all the code
  child.stdin.end(code);

  let timedOut = false;
  let killedFor: 'timeout' | 'caller_gone' | undefined;
  const kill = () => {
    killedFor ??= timedOut ? 'timeout' : 'caller_gone';
    killRun(child);
  };
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
  // 'close' came after SIGKILL to the group: every process holding the run's pipes is gone.
  if (killedFor && child.pid) onKilled?.({ reason: killedFor, pgid: child.pid });

  // The run's output is returned whatever the code did to events.jsonl.
  const events = await readNewEvents(realRoot, offset);
  const relative = sessionRelative([realRoot, path.resolve(root)]);
  return {
    stdout: relative(stdout.text()),
    stderr: relative(stderr.text()),
    exit_code: exitCode,
    timed_out: timedOut,
    stdout_truncated: stdout.truncated,
    stderr_truncated: stderr.truncated,
    duration_ms: Math.round((performance.now() - started) * 100) / 100,
    events: events.events,
    events_truncated: events.truncated,
    ...(events.error ? { events_error: events.error } : {}),
  };
}
