// A stack is data: which services, how each starts, what it needs, how to tell it is healthy.
// The harness (infra/runtime) knows nothing about any particular stack.
import type { InfraEndpoints } from '../providers/types.ts';

/** What a service's command and env are computed from. */
export interface ServiceContext {
  /** The port this service must listen on. */
  port: number;
  /** Base URLs of services already started (its dependencies among them). */
  urls: Readonly<Record<string, string>>;
  infra: InfraEndpoints;
  /** This stack instance's own database (cloned from the template). */
  databaseUrl: string;
  /** Logical bucket name → this instance's real bucket name. */
  buckets: Readonly<Record<string, string>>;
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
  dependsOn: string[];
  /** The port used by `npm run stack` (overridable with STACK_PORT_<NAME>). */
  wellKnownPort: number;
  /** How long start-up may take before the run fails. */
  startTimeoutMs: number;
}

/** A TypeScript entry bundled (esbuild) to an ESM file before the stack starts. */
export interface BuildTarget {
  entry: string;
  outfile: string;
  /** Files whose content decides whether the bundle is stale (globs are not supported: dirs). */
  sources: string[];
}

export interface StackSpec {
  name: string;
  services: ServiceSpec[];
  builds: BuildTarget[];
  /** Migrations applied once to the template database every instance is cloned from. */
  database: { migrationsDir: string };
  /** Logical bucket names; each instance gets its own real buckets. */
  buckets: string[];
}
