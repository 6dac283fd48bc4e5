// The backend's configuration, read once from the environment; a missing or malformed variable
// stops start-up with a message naming it.
import { docstoreFromEnv, type DocstoreSettings } from '../../shared/src/docstore.ts';

export interface PolicyServer {
  model_id: string;
  url: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`arena-backend: environment variable ${name} is required`);
  return value;
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`arena-backend: environment variable ${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

const MODEL_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** `POLICY_SERVERS=mock-vla=http://127.0.0.1:8001,ik-grasp=http://127.0.0.1:8002` */
export function parsePolicyServers(raw: string): PolicyServer[] {
  const servers: PolicyServer[] = [];
  for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    const model_id = eq > 0 ? entry.slice(0, eq).trim() : '';
    const url = eq > 0 ? entry.slice(eq + 1).trim().replace(/\/+$/, '') : '';
    if (!MODEL_ID.test(model_id)) throw new Error(`arena-backend: POLICY_SERVERS entry ${JSON.stringify(entry)} needs a model id (${MODEL_ID.source}) before "="`);
    if (!/^https?:\/\/[^/]+/.test(url)) throw new Error(`arena-backend: POLICY_SERVERS entry ${JSON.stringify(entry)} needs an http(s) URL after "="`);
    if (servers.some((s) => s.model_id === model_id)) throw new Error(`arena-backend: POLICY_SERVERS names model ${model_id} twice`);
    servers.push({ model_id, url });
  }
  if (servers.length < 2) throw new Error('arena-backend: POLICY_SERVERS must name at least two models (a battle needs two different ones)');
  return servers;
}

function crashAfter(): number | undefined {
  const raw = process.env.RATINGS_CRASH_AFTER;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`arena-backend: environment variable RATINGS_CRASH_AFTER must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}

export interface Config {
  databaseUrl: string;
  docstore: DocstoreSettings;
  policyServers: PolicyServer[];
  turnTimeoutMs: number;
  episodeSteps: number;
  ratingsIntervalMs: number;
  ratingsCrashAfter: number | undefined;
}

export function loadConfig(): Config {
  return {
    databaseUrl: required('DATABASE_URL'),
    docstore: docstoreFromEnv(process.env),
    policyServers: parsePolicyServers(required('POLICY_SERVERS')),
    /** Both policy servers together must answer a turn within this. */
    turnTimeoutMs: positiveInt('TURN_TIMEOUT_MS', 20_000),
    /** Simulation steps asked of each policy server per episode. */
    episodeSteps: positiveInt('EPISODE_STEPS', 100),
    ratingsIntervalMs: positiveInt('RATINGS_INTERVAL_MS', 60_000),
    /** Fault injection for tests only: exit(137) inside the transaction of vote n+1 of a run. */
    ratingsCrashAfter: crashAfter(),
  };
}
