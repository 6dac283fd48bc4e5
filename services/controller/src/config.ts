// The controller's configuration, read once from the environment; a missing required variable
// stops start-up with a message naming it.
import { CONTROLLER_DEV_API_KEY } from '../../shared/src/schemas.ts';
import { WORKFLOW_VERSION } from './agent/workflow.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`controller: environment variable ${name} is required`);
  return value;
}

export const config = {
  databaseUrl: required('DATABASE_URL'),
  s3: {
    endpoint: required('S3_ENDPOINT'),
    region: process.env.S3_REGION ?? 'us-east-1',
    accessKeyId: required('S3_ACCESS_KEY'),
    secretAccessKey: required('S3_SECRET_KEY'),
    /** Comma-separated bucket names the controller owns and creates at start; the first holds episode assets. */
    buckets: required('S3_BUCKETS').split(',').map((b) => b.trim()).filter(Boolean),
  },
  workerLightUrl: required('WORKER_LIGHT_URL'),
  workerHeavyUrl: required('WORKER_HEAVY_URL'),
  llm: {
    baseUrl: required('LLM_BASE_URL'),
    apiKey: process.env.LLM_API_KEY ?? 'scripted',
    model: process.env.LLM_MODEL ?? 'workbench-scripted',
    scripted: process.env.LLM_SCRIPTED !== '0',
  },
  /** X-API-Key for protected routes; the shared dev key when unset. */
  apiKey: process.env.CONTROLLER_API_KEY || CONTROLLER_DEV_API_KEY,
  wsHeartbeatMs: Number(process.env.WS_HEARTBEAT_MS ?? 5000),
  /** The DBOS application version: a restarted controller resumes only workflows of its own version. */
  workflowVersion: process.env.DBOS__APPVERSION || WORKFLOW_VERSION,
  /** Model turns per role before the role is stopped. */
  maxTurns: Number(process.env.AGENT_MAX_TURNS ?? 24),
  /** This controller's URL as the workers reach it: where they POST long checks' results. */
  publicUrl: process.env.CONTROLLER_URL || `http://127.0.0.1:${process.env.PORT ?? 8000}`,
  /**
   * How long the database may be away: a write meeting a cut connection is retried this long
   * before it fails (and with it its step), and runs it interrupted for longer are failed.
   */
  dbOutageBudgetMs: Number(process.env.DB_OUTAGE_BUDGET_MS ?? 30_000),
};
