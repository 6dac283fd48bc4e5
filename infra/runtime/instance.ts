// One isolated copy of a stack: its own share of every resource it declares (database, buckets,
// collections) and its own service processes. Services start in dependency order (independent
// ones in parallel), each waited for until healthy, and stop by process group. A service that
// exits or misses its deadline fails the start at once, with its name, exit code and log tail.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from '../paths.ts';
import { providers } from '../providers/index.ts';
import type { InstanceResources, ResourceKind } from '../providers/types.ts';
import type { ServiceContext, ServiceSpec, StackSpec } from '../stacks/types.ts';
import { addressOf, FaultPanel, viaPort, type FaultMode } from './faults.ts';
import { waitForHealth } from './health.ts';
import { freePort } from './ports.ts';
import { refOf, stopGroup, type ProcessRef } from './processes.ts';
import { tailLines } from './logs.ts';
import { PIDS_SUFFIX } from './run-dir.ts';
import type { PreparedStack } from './run.ts';

export interface StackInstanceOptions {
  /** Where this instance's logs go: `<logDir>/<service>.log`. */
  logDir: string;
  /** 'free' for test workers; 'well-known' for `npm run stack`. */
  ports: 'free' | 'well-known';
  resources: InstanceResources;
  workDir: string;
  /** Called whenever the set of live processes changes, so a crash can be swept later. */
  onProcessesChanged?: (refs: ProcessRef[]) => void;
  /** Gives the instance's resources back; run after its services stopped. */
  release?: () => Promise<void>;
}

export interface InstanceOptions {
  ports: 'free' | 'well-known';
  logDir: string;
}

export interface RunningService {
  name: string;
  url: string;
  port: number;
  logFile: string;
  pid: number;
  exited: Promise<{ exitCode?: number; signal?: string }>;
}

/** A service that exited without being stopped (a crash), as seen by its instance. */
export interface ServiceExit {
  name: string;
  exitCode?: number;
  signal?: string;
  logFile: string;
}

export interface StartServiceOptions {
  /** Extra environment for this start only (e.g. a fault-injection switch); a later start drops it. */
  env?: Record<string, string>;
}

export class ServiceStartError extends Error {
  override name = 'ServiceStartError';
}

/**
 * Starts an instance of `spec` named `<stack>_<run>_<label>` from what the run prepared: allocates
 * its resources, then starts its services. Whatever fails, nothing of it is left behind.
 */
export async function startInstance(prepared: PreparedStack, spec: StackSpec, label: string, options: InstanceOptions): Promise<StackInstance> {
  const name = `${spec.name}_${prepared.run.runId}_${label}`.toLowerCase();
  const kinds = Object.keys(spec.resources) as ResourceKind[];
  const allocated = await Promise.allSettled(
    kinds.map((kind) => {
      const provider = providers[kind as 'postgres'];
      return provider.allocate(prepared.servers[kind as 'postgres']!, spec.resources[kind as 'postgres']!, prepared.prepared[kind as 'postgres']!, name);
    }),
  );
  const resources: InstanceResources = {};
  kinds.forEach((kind, i) => {
    const result = allocated[i]!;
    if (result.status === 'fulfilled') (resources as Record<string, unknown>)[kind] = result.value;
  });
  const release = async () => {
    await Promise.all(
      Object.entries(resources).map(([kind, settings]) =>
        providers[kind as 'postgres'].release(prepared.servers[kind as 'postgres']!, settings as InstanceResources['postgres'] & object).catch(() => undefined),
      ),
    );
  };
  const failed = allocated.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await release();
    throw failed.reason;
  }
  const workDir = path.join(prepared.run.dataDir, `${spec.name}-${label}`);
  fs.mkdirSync(workDir, { recursive: true });
  const pidsFile = path.join(prepared.run.runDir, `${spec.name}-${label}${PIDS_SUFFIX}`);
  const instance = new StackInstance(spec, {
    ...options,
    resources,
    workDir,
    onProcessesChanged: (refs) => fs.writeFileSync(pidsFile, JSON.stringify(refs)),
    release: async () => {
      await release();
      fs.rmSync(workDir, { recursive: true, force: true });
      fs.rmSync(pidsFile, { force: true });
    },
  });
  await instance.start();
  return instance;
}

export class StackInstance {
  readonly urls: Record<string, string> = {};
  readonly services = new Map<string, RunningService>();
  /** Every service exit nobody asked for, oldest first. */
  readonly crashes: ServiceExit[] = [];
  private readonly ports = new Map<string, number>();
  private readonly stopping = new Set<RunningService>();
  /** Every dependency a service reaches (resources, other services) goes through one of these. */
  private readonly faults = new FaultPanel();
  /** Service name → the port of the proxy in front of it. */
  private readonly proxyPorts = new Map<string, number>();
  /** The resources as services see them: through the proxies. */
  private routed?: InstanceResources;

  constructor(
    readonly spec: StackSpec,
    private readonly options: StackInstanceOptions,
  ) {
    fs.mkdirSync(options.logDir, { recursive: true });
  }

  get resources(): InstanceResources {
    return this.options.resources;
  }

  logFile(service: string): string {
    return path.join(this.options.logDir, `${service}.log`);
  }

  /**
   * Starts every service; on any failure stops (and releases) what did start and throws. Every
   * port is taken first, so a service knows every other's URL and waits only for what it `dependsOn`.
   */
  async start(): Promise<void> {
    for (const service of this.spec.services) await this.portFor(service);
    await this.routeResources();
    const started = new Map<string, Promise<void>>();
    const startOne = (service: ServiceSpec): Promise<void> => {
      let promise = started.get(service.name);
      if (!promise) {
        promise = Promise.all(service.dependsOn.map((dep) => startOne(this.serviceSpec(dep)))).then(async () => {
          await this.startService(service.name);
        });
        started.set(service.name, promise);
      }
      return promise!;
    };
    const results = await Promise.allSettled(this.spec.services.map(startOne));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      await this.stop();
      throw failure.reason;
    }
  }

  /** Starts (or restarts) one service on its port and waits until it is healthy. */
  async startService(name: string, options: StartServiceOptions = {}): Promise<RunningService> {
    const spec = this.serviceSpec(name);
    if (this.services.has(name)) throw new Error(`service "${name}" is already running`);
    const port = await this.portFor(spec);
    await this.faults.targetState(name, true);
    const url = `http://127.0.0.1:${port}`;
    const ctx: ServiceContext = { resources: await this.routeResources(), workDir: this.options.workDir, port, urls: this.addresses(), publicUrls: this.directAddresses() };
    spec.prepare?.(ctx);
    const [file, ...args] = spec.command(ctx);
    const logFile = this.logFile(name);
    // The child writes straight into its log file (no pipe through us), so its log survives us.
    // execa's types only admit literal descriptors; a runtime one is valid.
    const fd = fs.openSync(logFile, 'a') as 1;
    const spawn = () =>
      execa(file!, args, {
        cwd: REPO_ROOT,
        env: { ...baseEnv(), ...spec.env(ctx), ...options.env, PORT: String(port), HOST: '127.0.0.1', EXIT_WITH_PARENT: '1' },
        extendEnv: false,
        detached: true,
        cleanup: false,
        reject: false,
        buffer: false,
        stdin: 'pipe',
        stdout: fd,
        stderr: fd,
      });
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn();
    } finally {
      fs.closeSync(fd);
    }
    const exited = child.then((r) => ({ exitCode: r.exitCode, signal: r.signal }));
    const running: RunningService = { name, url, port, logFile, pid: child.pid!, exited };
    this.services.set(name, running);
    this.reportProcesses();
    void exited.then(({ exitCode, signal }) => {
      if (this.services.get(name) !== running) return;
      this.services.delete(name);
      this.reportProcesses();
      if (this.stopping.has(running)) return;
      delete this.urls[name];
      this.crashes.push({ name, exitCode, signal, logFile });
    });

    const outcome = await waitForHealth({ url: url + spec.health, deadlineMs: spec.startTimeoutMs, exited });
    if (!outcome.ok) {
      // A failed start is reported by the throw below, not as a crash.
      this.stopping.add(running);
      await stopGroup(running.pid, exited, 1000);
      this.stopping.delete(running);
      this.services.delete(name);
      this.reportProcesses();
      const why =
        outcome.reason === 'exited'
          ? `exited during start-up (exit code ${outcome.exitCode ?? 'none'}${outcome.signal ? `, signal ${outcome.signal}` : ''})`
          : `was not healthy at ${url + spec.health} within ${spec.startTimeoutMs} ms (last: ${outcome.lastError})`;
      throw new ServiceStartError(
        `Service "${name}" ${why}.\nLast 40 lines of ${path.relative(REPO_ROOT, logFile)}:\n${tailLines(logFile, 40)}`,
      );
    }
    this.urls[name] = url;
    return running;
  }

  /** Stops one service (SIGTERM, then SIGKILL after the grace period) by its process group. */
  async stopService(name: string, graceMs = 3000): Promise<void> {
    const running = this.services.get(name);
    if (!running) return;
    this.stopping.add(running);
    await stopGroup(running.pid, running.exited, graceMs);
    await this.faults.targetState(name, false);
    this.stopping.delete(running);
    this.services.delete(name);
    delete this.urls[name];
    this.reportProcesses();
  }

  /** Stops then starts one service on its port (a crash first with graceMs 0). */
  async restartService(name: string, graceMs = 3000, options: StartServiceOptions = {}): Promise<RunningService> {
    await this.stopService(name, graceMs);
    return this.startService(name, options);
  }

  /** Stops every service, then gives the instance's resources back. */
  async stop(): Promise<void> {
    await Promise.all([...this.services.keys()].map((name) => this.stopService(name)));
    await this.faults.close();
    await this.options.release?.();
  }

  /** Makes one dependency (a resource kind or a service name) fail for the services that use it. */
  inject(dependency: string, mode: FaultMode): Promise<void> {
    return this.faults.inject(dependency, mode);
  }

  /** Restores one dependency, or all of them. */
  restore(dependency?: string): Promise<void> {
    return this.faults.restore(dependency);
  }

  /** Dependencies failing now, and how. */
  activeFaults(): Record<string, FaultMode> {
    return this.faults.active();
  }

  /** Every service's own address, for clients outside the instance. */
  private directAddresses(): Record<string, string> {
    return Object.fromEntries([...this.ports].map(([name, port]) => [name, `http://127.0.0.1:${port}`]));
  }

  /** What services are told of each other: the URL of each one's proxy. */
  private addresses(): Record<string, string> {
    return Object.fromEntries([...this.ports].map(([name]) => [name, `http://127.0.0.1:${this.proxyPorts.get(name)}`]));
  }

  private async routeResources(): Promise<InstanceResources> {
    if (this.routed) return this.routed;
    const routed: Record<string, unknown> = {};
    for (const [kind, settings] of Object.entries(this.options.resources)) {
      routed[kind] = await providers[kind as 'postgres'].route(settings as InstanceResources['postgres'] & object, async (protocol, url) =>
        viaPort(url, await this.faults.add(kind, protocol, addressOf(url))),
      );
    }
    return (this.routed = routed as InstanceResources);
  }

  private serviceSpec(name: string): ServiceSpec {
    const spec = this.spec.services.find((s) => s.name === name);
    if (!spec) throw new Error(`stack "${this.spec.name}" has no service "${name}"`);
    return spec;
  }

  /** A restarted service keeps its port, so URLs handed to others stay valid. */
  private async portFor(spec: ServiceSpec): Promise<number> {
    let port = this.ports.get(spec.name);
    if (port === undefined) {
      port = this.options.ports === 'well-known' ? wellKnownPort(this.spec.name, spec.name, spec.wellKnownPort) : await freePort();
      this.ports.set(spec.name, port);
      this.proxyPorts.set(spec.name, await this.faults.add(spec.name, 'http', { host: '127.0.0.1', port }));
    }
    return port;
  }

  private reportProcesses(): void {
    this.options.onProcessesChanged?.([...this.services.values()].map((s) => refOf(s.pid)));
  }
}

/** STACK_PORT_<STACK>_<NAME> (e.g. STACK_PORT_WORKBENCH_CONTROLLER) moves a well-known port. */
export function wellKnownPort(stack: string, name: string, port: number): number {
  const override = process.env[`STACK_PORT_${stack}_${name}`.toUpperCase().replace(/-/g, '_')];
  return override ? Number(override) : port;
}

/** Services get a clean environment: nothing of the test runner's leaks into them. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'LOG_LEVEL', 'NODE_EXTRA_CA_CERTS'];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
}
