// A stack is data: which services, how each starts, what it needs, how to tell it is healthy.
// The harness (infra/runtime) knows nothing about any particular stack.
import type { Declarations, InstanceResources, ResourceKind } from '../providers/types.ts';

/** What a service's command and env are computed from. */
export interface ServiceContext {
  /** The port this service must listen on. */
  port: number;
  /**
   * Base URLs of every service of this instance (ports are taken before any starts), as services
   * call each other: through the instance's fault-injection proxies (infra/runtime/faults.ts).
   */
  urls: Readonly<Record<string, string>>;
  /** The same services as clients outside the instance reach them (a browser, the tests): direct. */
  publicUrls: Readonly<Record<string, string>>;
  /** This instance's own share of each resource the stack declares (database, buckets, collections). */
  resources: InstanceResources;
  /** A private working directory for this stack instance. */
  workDir: string;
}

export interface ServiceSpec {
  name: string;
  /** Argv, run from the repository root. */
  command: (ctx: ServiceContext) => string[];
  env: (ctx: ServiceContext) => Record<string, string>;
  /** Path answered with 2xx once the service is ready. */
  health: string;
  /** Services that must be healthy before this one starts (not needed just to know a URL). */
  dependsOn: string[];
  /** The port used by `npm run stack` (overridable with STACK_PORT_<STACK>_<NAME>). */
  wellKnownPort: number;
  /** How long start-up may take before the run fails. */
  startTimeoutMs: number;
  /** Files the service needs in its work dir before it starts (e.g. a runtime config). */
  prepare?: (ctx: ServiceContext) => void;
}

/**
 * Built before the stack starts, only when its sources changed: a service's TypeScript entry
 * bundled by esbuild to one ESM file, or a Vite app built to a directory.
 */
export type BuildTarget =
  | { kind: 'bundle'; entry: string; output: string; sources: string[] }
  | { kind: 'vite'; root: string; output: string; sources: string[] };

export interface StackSpec {
  /** Lower-case identifier: it names databases, buckets, log folders and state files. */
  name: string;
  services: ServiceSpec[];
  builds: BuildTarget[];
  /** The infrastructure it needs; a run starts only what the stacks it boots declare. */
  resources: Declarations;
  /** Ports of embedded infrastructure in `npm run stack` (STACK_PORT_<STACK>_<RESOURCE> overrides). */
  wellKnownInfraPorts: { [K in ResourceKind]?: number };
}
