import { fileURLToPath } from 'node:url';
import cors from '@fastify/cors';
import websocket from '@fastify/websocket';
import { DBOS } from '@dbos-inc/dbos-sdk';
import OpenAI from 'openai';
import pg from 'pg';
import { createService, runService } from '../../shared/src/service.ts';
import { createS3Client } from '../../shared/src/s3.ts';
import { reconcileEpisodes } from './agent/reconcile.ts';
import { DatabaseWatch } from './agent/outage.ts';
import { failAfterOutage, initAgent } from './agent/workflow.ts';
import { documentAuth, registerAuth } from './auth.ts';
import { config } from './config.ts';
import { createPool, migrate, retryConnections } from '../../shared/src/postgres.ts';
import { MIGRATIONS_DIR } from './db.ts';
import { registerInputGuard } from './input.ts';
import { Repo } from './repo.ts';
import { readCatalogFile } from './cots/catalog.ts';
import { seedCatalog } from './cots/seed.ts';
import { CotsStore, setCotsStore } from './cots/store.ts';
import { registerRunTrace } from './run-trace.ts';
import { registerAgentRoutes } from './routes/agent.ts';
import { registerCotsRoutes } from './routes/cots.ts';
import { documentBenchmarkRoutes, registerBenchmarkRoutes } from './routes/benchmark.ts';
import { registerEpisodeRoutes } from './routes/episodes.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerWorkflowRoutes } from './routes/workflows.ts';
import { ensureBuckets } from './storage.ts';
import { WorkerClient } from './workers.ts';

const app = await createService({
  name: 'controller',
  description:
    'Runs agent episodes (DBOS durable workflows) and records their traces, events and assets. Every route but /health and ' +
    '/openapi.json needs the `X-API-Key` header.',
});

// The frontend is served from its own origin and calls the controller directly.
await app.register(cors, { origin: true });
await app.register(websocket);

// A dropped idle connection (Postgres restarted, the network cut) is replaced on next use; unhandled it would end the process.
// A query that meets a cut connection is retried within the budget (the workflow's steps ride out a short outage).
const pool = retryConnections(
  createPool(config.databaseUrl, (error) => app.log.warn({ err: error }, 'idle Postgres connection dropped')),
  config.dbOutageBudgetMs,
  (error, attempt, retrying) =>
    retrying
      ? app.log.warn({ err: error.message, attempt, budget_ms: config.dbOutageBudgetMs }, 'Postgres connection failed; retrying')
      : app.log.error({ err: error.message, attempt, budget_ms: config.dbOutageBudgetMs }, 'Postgres unreachable past the retry budget'),
);
// Health and the outage watch ask without retrying, on their own connection with short timeouts,
// so they report the database as it is now and never queue behind stalled queries.
const probePool = new pg.Pool({ connectionString: config.databaseUrl, max: 2, connectionTimeoutMillis: 2500, query_timeout: 2500 });
probePool.on('error', () => undefined);
const s3 = createS3Client(config.s3);
const repo = new Repo(pool);
const light = new WorkerClient('worker-light', config.workerLightUrl);
const heavy = new WorkerClient('worker-heavy', config.workerHeavyUrl);

await migrate(config.databaseUrl, MIGRATIONS_DIR, (msg) => app.log.debug({ migration: msg }, 'migrate'));
await ensureBuckets(s3, config.s3.buckets);

// The COTS catalog: the data file (beside src/ and dist/, like migrations) seeded into its
// read-only tables; a file whose content changed under the same catalog_version stops start-up.
const cotsFile = process.env.COTS_CATALOG_FILE || fileURLToPath(new URL('../data/cots-catalog.yaml', import.meta.url));
const cotsSeed = await seedCatalog(pool, readCatalogFile(cotsFile));
app.log.info({ cots: { ...cotsSeed, file: cotsFile } }, 'COTS catalog seeded');
const cots = new CotsStore(pool);
setCotsStore(cots);

initAgent({
  repo,
  llm: new OpenAI({ baseURL: config.llm.baseUrl, apiKey: config.llm.apiKey, maxRetries: 2, timeout: 120_000 }),
  model: config.llm.model,
  light,
  heavy,
  s3,
  bucket: config.s3.buckets[0]!,
  maxTurns: config.maxTurns,
  callbacks: { baseUrl: config.publicUrl, secret: config.apiKey },
  log: app.log,
});

// Episodes a previous controller process left mid-run: those DBOS will resume get a
// `workflow_resumed` trace; the others end now, with the reason (reconcile.ts).
const orphans = await reconcileEpisodes(repo, config.workflowVersion);

const dbosLog = app.log.child({ component: 'dbos' });
DBOS.setConfig({
  name: 'workbench-controller',
  systemDatabaseUrl: config.databaseUrl,
  systemDatabasePoolSize: 10,
  applicationVersion: config.workflowVersion,
  logger: {
    info: (entry) => dbosLog.debug({ entry }, 'dbos'),
    debug: () => undefined,
    warn: (entry) => dbosLog.warn({ entry }, 'dbos'),
    error: (entry) => dbosLog.error({ err: entry }, 'dbos'),
  },
});
await DBOS.launch();
if (orphans.length) await DBOS.cancelWorkflows(orphans);

const watch = new DatabaseWatch(probePool, config.dbOutageBudgetMs, {
  lost: (error) => app.log.warn({ err: error, budget_ms: config.dbOutageBudgetMs }, 'database unreachable'),
  overBudget: (o) => app.log.error({ err: o.lastError, since: new Date(o.startedAt).toISOString(), budget_ms: config.dbOutageBudgetMs }, 'database unreachable past the budget; active runs will be failed'),
  back: async (outage, overBudget) => {
    app.log.warn({ outage_ms: outage.endedAt - outage.startedAt, over_budget: overBudget }, 'database reachable again');
    if (!overBudget) return;
    const failed = await failAfterOutage(outage, config.dbOutageBudgetMs).catch((error: unknown) => {
      app.log.error({ err: error }, 'could not fail the runs the outage interrupted');
      return [];
    });
    if (failed.length) app.log.error({ episodes: failed }, 'runs failed after a database outage past the budget');
  },
});
watch.start();

app.addHook('onClose', async () => {
  watch.stop();
  await DBOS.shutdown();
  await probePool.end();
  await pool.end();
  s3.destroy();
});

registerAuth(app, config.apiKey);
registerInputGuard(app);
registerRunTrace(app);

// Every route, in the order the OpenAPI document lists them: routes/<first URL segment>.ts.
registerHealthRoute(app, probePool, s3, config);
registerAgentRoutes(app, repo);
registerBenchmarkRoutes(app, repo);
registerCotsRoutes(app, cots);
registerEpisodeRoutes(app, repo, light, config.wsHeartbeatMs);
registerWorkflowRoutes(app, config.apiKey);

await app.ready();
documentAuth(app.swagger() as Parameters<typeof documentAuth>[0]);
documentBenchmarkRoutes(app.swagger() as Parameters<typeof documentBenchmarkRoutes>[0]);

await runService(app);
