// Containment for untrusted child processes (build scripts, executed code). Two layers:
//  - OS level (Linux): `unshare --net --pid --fork --kill-child` gives the child no network (only
//    a downed loopback) and its own PID namespace (it cannot signal the host's processes; killing
//    `unshare` kills everything inside); `prlimit --data` caps its memory. RLIMIT_DATA, not
//    RLIMIT_AS: V8 reserves large virtual ranges for WebAssembly, which RLIMIT_AS would break.
//  - Node level: the permission model (fs reads/writes only under the given paths; no child
//    processes, workers or addons).
// Which OS tools work is detected once: as root `unshare` runs plain, otherwise with
// `--map-root-user` (unprivileged user namespaces); when neither works the child still gets the
// permission model and a warning is emitted once.
//
// API: sandboxCommand({command, args, read, write, memoryBytes}) → {command, args} to spawn.
// Spawn it `detached` (its own process group): `kill(0, …)` from inside a PID namespace still
// reaches the caller's process group, i.e. the worker. Prefix `deathSignalPrefix()` so the
// detached child still dies when the worker dies; stop it with `process.kill(-pid, 'SIGKILL')`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export type Isolation = 'namespaces' | 'user-namespaces' | 'permission-only';

export interface SandboxSupport {
  /** Command prefix entering fresh network + PID namespaces; empty when unavailable. */
  unshare: string[];
  /** Whether `prlimit --data=<bytes> --` can cap the child's memory. */
  prlimit: boolean;
  isolation: Isolation;
  /** Why the OS layer is (partly) missing, when it is. */
  warning?: string;
}

export interface SandboxRequest {
  /** The program, e.g. `process.execPath`. */
  command: string;
  /** Its arguments (for Node: flags, then the entry file). */
  args: string[];
  /** Absolute paths a Node child may read (files or folders, recursively); not enforced for other programs. */
  read?: string[];
  /** Absolute paths a Node child may write; not enforced for other programs. */
  write?: string[];
  /** Cap on the child's data segment (heap, wasm memory), bytes; none when omitted. */
  memoryBytes?: number;
  /** Whether `command` is Node (adds the permission flags); default: its name starts with `node`. */
  node?: boolean;
}

export interface SandboxedCommand {
  command: string;
  args: string[];
  isolation: Isolation;
  /** Whether `memoryBytes` is enforced by the OS. */
  memoryCapped: boolean;
}

/** `--permission` on Node 22.13+/24, `--experimental-permission` on Node 20. */
export function permissionFlag(flags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags): string {
  return flags.has('--permission') ? '--permission' : '--experimental-permission';
}

/** Node's permission-model flags for the given read/write allow-lists. */
export function nodePermissionArgs(read: readonly string[] = [], write: readonly string[] = []): string[] {
  for (const p of [...read, ...write]) {
    if (!path.isAbsolute(p)) throw new Error(`sandbox paths must be absolute, got "${p}"`);
  }
  // One flag per path: a comma inside a path would split a comma-separated list.
  return [permissionFlag(), ...read.map((p) => `--allow-fs-read=${p}`), ...write.map((p) => `--allow-fs-write=${p}`)];
}

const UNSHARE = ['--net', '--pid', '--fork', '--kill-child'];
const PROBE_BYTES = 1024 * 1024 * 1024;

export type Probe = (command: string, args: string[]) => boolean;

const runProbe: Probe = (command, args) => {
  const r = spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
};

/** What this machine offers (exported with an injectable probe for tests; use `sandboxSupport`). */
export function detectSandbox(probe: Probe = runProbe, platform = process.platform, isRoot = process.getuid?.() === 0): SandboxSupport {
  if (process.env.WORKBENCH_SANDBOX === 'permission-only' || platform !== 'linux') {
    return { unshare: [], prlimit: false, isolation: 'permission-only', warning: 'OS-level isolation disabled; only the Node permission model applies' };
  }
  const candidates: [string[], Isolation][] = isRoot
    ? [[['unshare', ...UNSHARE, '--'], 'namespaces'], [['unshare', '--map-root-user', ...UNSHARE, '--'], 'user-namespaces']]
    : [[['unshare', '--map-root-user', ...UNSHARE, '--'], 'user-namespaces']];
  const found = candidates.find(([prefix]) => probe(prefix[0]!, [...prefix.slice(1), 'true']));
  const prlimit = probe('prlimit', [`--data=${PROBE_BYTES}`, '--', 'true']);
  const missing = [
    ...(found ? [] : ['`unshare` (network and PID namespaces) does not work here: children keep network access']),
    ...(prlimit ? [] : ['`prlimit` is unavailable: no OS memory cap beyond the V8 heap limit']),
  ];
  return {
    unshare: found ? found[0] : [],
    prlimit,
    isolation: found ? found[1] : 'permission-only',
    ...(missing.length ? { warning: missing.join('; ') } : {}),
  };
}

let cached: SandboxSupport | undefined;

/** Detected once per process; warns once when the OS layer is missing. */
export function sandboxSupport(): SandboxSupport {
  if (!cached) {
    cached = detectSandbox();
    if (cached.warning) process.emitWarning(`sandbox: ${cached.warning}`, 'SandboxWarning');
  }
  return cached;
}

const LIFELINE = ['setpriv', '--pdeathsig', 'KILL', '--'];
let lifeline: string[] | undefined;

/** `setpriv --pdeathsig KILL --` when it works here (the kernel kills the child when its parent dies), else []. */
export function deathSignalPrefix(probe?: Probe): string[] {
  const works = (p: Probe) => (p(LIFELINE[0]!, [...LIFELINE.slice(1), 'true']) ? [...LIFELINE] : []);
  if (probe) return works(probe); // tests: no caching
  lifeline ??= works(runProbe);
  return lifeline;
}

/** The command line that runs `request` contained (see the header for how to spawn and stop it). */
export function sandboxCommand(request: SandboxRequest, support: SandboxSupport = sandboxSupport()): SandboxedCommand {
  const isNode = request.node ?? path.basename(request.command).startsWith('node');
  const inner = [request.command, ...(isNode ? nodePermissionArgs(request.read, request.write) : []), ...request.args];
  const memoryCapped = request.memoryBytes !== undefined && support.prlimit;
  const capped = memoryCapped ? ['prlimit', `--data=${Math.floor(request.memoryBytes!)}`, '--', ...inner] : inner;
  const full = [...support.unshare, ...capped];
  return { command: full[0]!, args: full.slice(1), isolation: support.isolation, memoryCapped };
}
