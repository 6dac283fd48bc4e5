// What executed code is contained by on this machine, detected once at start-up, and the command
// line of one run. The OS layer (network + PID namespaces, RLIMIT_DATA) comes from the shared
// wrapper (../../shared/src/sandbox.ts); the light worker adds two things of its own:
//  - the run leads its own process group (spawned detached): `process.kill(0, …)` from inside a
//    PID namespace still reaches the caller's whole process group, which would be the worker's;
//  - a lifeline, `setpriv --pdeathsig KILL`: a run outside the worker's group no longer dies
//    with a group kill of the worker, so the kernel kills it when the worker dies instead.
// See docs/decisions/0009-execute-sandbox.md.
import { deathSignalPrefix, sandboxCommand, sandboxSupport, type Isolation, type SandboxSupport } from '../../shared/src/sandbox.ts';

export const HEAP_CAP_MB = Number(process.env.EXECUTE_HEAP_MB ?? 512);
/** RLIMIT_DATA of a run: the heap plus room for Buffers, WebAssembly memory and Node itself. */
export const DATA_CAP_MB = HEAP_CAP_MB + 1024;

export interface ExecuteSandbox {
  support: SandboxSupport;
  /** Command prefix that kills the run when the worker dies; empty when `setpriv` is missing. */
  lifeline: string[];
}

/** What /health?detail=true reports. */
export interface SandboxState {
  isolation: Isolation;
  network_isolated: boolean;
  pid_isolated: boolean;
  memory_cap_mb: number | null;
  heap_cap_mb: number;
  dies_with_worker: boolean;
  warning?: string;
}

/** Detected once per process (both probes cache their answer). */
export function executeSandbox(): ExecuteSandbox {
  return { support: sandboxSupport(), lifeline: deathSignalPrefix() };
}

export function sandboxState({ support, lifeline }: ExecuteSandbox = executeSandbox()): SandboxState {
  const namespaces = support.unshare.length > 0;
  const warnings = [...(support.warning ? [support.warning] : []), ...(lifeline.length ? [] : ['`setpriv --pdeathsig` is unavailable: a run outlives a worker killed with SIGKILL until its timeout'])];
  return {
    isolation: support.isolation,
    network_isolated: namespaces,
    pid_isolated: namespaces,
    memory_cap_mb: support.prlimit ? DATA_CAP_MB : null,
    heap_cap_mb: HEAP_CAP_MB,
    dies_with_worker: lifeline.length > 0,
    ...(warnings.length ? { warning: warnings.join('; ') } : {}),
  };
}

/** One sentence for the OpenAPI text and the start-up log. */
export function describeSandbox(state: SandboxState = sandboxState()): string {
  const os = state.network_isolated ? 'no network and its own PID namespace' : 'NO network or PID isolation on this host (permission model only)';
  const memory = state.memory_cap_mb ? `data segment capped at ${state.memory_cap_mb} MB (Buffers and WebAssembly included)` : 'no OS memory cap';
  return `${os}; heap capped at ${state.heap_cap_mb} MB, ${memory}.`;
}

/** The command line of one run: node reading the ES module from stdin, confined to `root`. */
export function executeCommand(root: string, sandbox: ExecuteSandbox = executeSandbox()): { command: string; args: string[] } {
  const inner = sandboxCommand(
    {
      command: process.execPath,
      args: [`--max-old-space-size=${HEAP_CAP_MB}`, '--disable-warning=ExperimentalWarning', '--input-type=module', '-'],
      read: [root],
      write: [root],
      memoryBytes: DATA_CAP_MB * 1024 * 1024,
      node: true,
    },
    sandbox.support,
  );
  const full = [...sandbox.lifeline, inner.command, ...inner.args];
  return { command: full[0]!, args: full.slice(1) };
}
