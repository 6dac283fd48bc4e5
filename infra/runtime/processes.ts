// Process identity and process-group control. Every process the harness starts leads its own
// group (detached), so one signal to -pid reaches it and everything it spawned.
import fs from 'node:fs';

/** The kernel's start time of a pid (Linux), so a recycled pid is not mistaken for ours. */
export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export interface ProcessRef {
  pid: number;
  /** From startTimeOf at spawn; absent where /proc is not available. */
  startTime?: string;
}

export function refOf(pid: number): ProcessRef {
  return { pid, startTime: startTimeOf(pid) };
}

export function isAlive(ref: ProcessRef): boolean {
  try {
    process.kill(ref.pid, 0);
  } catch {
    return false;
  }
  if (ref.startTime === undefined) return true;
  return startTimeOf(ref.pid) === ref.startTime;
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * SIGTERM the group, wait up to graceMs for `exited`, then SIGKILL whatever is left. graceMs 0
 * is a crash: SIGKILL only, so the process gets no chance to clean up.
 */
export async function stopGroup(pid: number, exited: Promise<unknown>, graceMs = 3000): Promise<void> {
  if (graceMs <= 0) {
    signalGroup(pid, 'SIGKILL');
    await exited.catch(() => undefined);
    return;
  }
  signalGroup(pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const outcome = await Promise.race([exited.then(() => 'exited' as const), timedOut]);
  clearTimeout(timer);
  // The leader may be gone while children it spawned linger: the group kill covers them.
  signalGroup(pid, 'SIGKILL');
  if (outcome === 'timeout') await exited.catch(() => undefined);
}
