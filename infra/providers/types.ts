export type InfraKind = 'embedded' | 'containers' | 'external';

export interface PostgresEndpoint {
  /** Connection URL for the maintenance database (creates/drops the instance databases). */
  adminUrl: string;
}

export interface S3Endpoint {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface InfraEndpoints {
  kind: InfraKind;
  postgres: PostgresEndpoint;
  s3: S3Endpoint;
}

/** A started piece of infrastructure. */
export interface Started<T> {
  endpoint: T;
  /** Pids to sweep if our process dies before stop() runs. */
  pids: number[];
  stop(): Promise<void>;
}
