// Infrastructure as resources a stack declares. Each resource kind has one provider (a file in
// this folder) that starts its shared server for a run (embedded, containers or external), and
// gives every stack instance its own share of it (a database, buckets, collections) and takes it
// back. Everything but `Started.stop` is plain data, so it travels in state files and fixtures.
import type { DocstoreSettings } from '../../services/shared/src/docstore.ts';
import type { S3Settings } from '../../services/shared/src/s3.ts';

export type InfraKind = 'embedded' | 'containers' | 'external';

/** Per resource kind: what a stack declares, the shared server, what a stack prepares once, what an instance gets. */
export interface ResourceTypes {
  postgres: {
    declaration: { migrationsDir: string };
    server: { adminUrl: string };
    prepared: { templateDatabase: string };
    settings: { url: string; database: string };
  };
  s3: {
    declaration: { buckets: string[] };
    server: S3Settings;
    prepared: Record<string, never>;
    settings: S3Settings & { buckets: Record<string, string> };
  };
  docstore: {
    declaration: { collections: string[] };
    server: { kind: DocstoreSettings['kind']; url: string };
    prepared: Record<string, never>;
    settings: DocstoreSettings & { collections: string[] };
  };
}
export type ResourceKind = keyof ResourceTypes;
export const RESOURCE_KINDS: readonly ResourceKind[] = ['postgres', 's3', 'docstore'];

export type Declarations = { [K in ResourceKind]?: ResourceTypes[K]['declaration'] };
export type Servers = { [K in ResourceKind]?: ResourceTypes[K]['server'] };
export type Prepared = { [K in ResourceKind]?: ResourceTypes[K]['prepared'] };
/** What one stack instance was given, by resource kind. */
export type InstanceResources = { [K in ResourceKind]?: ResourceTypes[K]['settings'] };

/** A started shared server. */
export interface Started<T> {
  endpoint: T;
  /** Pids to sweep if our process dies before stop() runs. */
  pids: number[];
  stop(): Promise<void>;
}

export interface StartOptions {
  infra: InfraKind;
  /** Where an embedded server keeps its data. */
  dir: string;
  port: number;
  env: Readonly<Record<string, string | undefined>>;
  /** Another resource's server of the same run (the embedded docstore lives on Postgres). */
  server<K extends ResourceKind>(kind: K): Promise<ResourceTypes[K]['server']>;
}

/** Proxies `url` (spoken in `protocol`) and returns the URL to use instead. */
export type Through = (protocol: 'http' | 'postgres' | 'tcp', url: string) => Promise<string>;

export interface ResourceProvider<K extends ResourceKind> {
  kind: K;
  /** Whether starting it takes a port of its own (embedded servers do). */
  needsPort(infra: InfraKind): boolean;
  start(options: StartOptions): Promise<Started<ResourceTypes[K]['server']>>;
  /** Once per stack per run (a migrated template database). */
  prepare(server: ResourceTypes[K]['server'], declaration: ResourceTypes[K]['declaration'], name: string): Promise<ResourceTypes[K]['prepared']>;
  /** Undoes prepare where the server outlives the run (external). */
  unprepare(server: ResourceTypes[K]['server'], prepared: ResourceTypes[K]['prepared']): Promise<void>;
  /** One instance's own share, named after it (a lower-case identifier). */
  allocate(
    server: ResourceTypes[K]['server'],
    declaration: ResourceTypes[K]['declaration'],
    prepared: ResourceTypes[K]['prepared'],
    name: string,
  ): Promise<ResourceTypes[K]['settings']>;
  /**
   * The instance's settings as its services see them: every address rewritten by `through`, which
   * puts a fault-injection proxy in front of it (infra/runtime/faults.ts) and returns its URL.
   */
  route(settings: ResourceTypes[K]['settings'], through: Through): Promise<ResourceTypes[K]['settings']>;
  /** Removes the instance's share: nothing of it remains on the server. */
  release(server: ResourceTypes[K]['server'], settings: ResourceTypes[K]['settings']): Promise<void>;
}
