import { fileURLToPath } from 'node:url';
import cors from '@fastify/cors';
import websocket from '@fastify/websocket';
import { DBOS } from '@dbos-inc/dbos-sdk';
import OpenAI from 'openai';
import { createService, runService } from '../../shared/src/service.ts';
import { createS3Client } from '../../shared/src/s3.ts';
import { reconcileEpisodes } from './agent/reconcile.ts';
import { initAgent } from './agent/workflow.ts';
import { documentAuth, registerAuth } from './auth.ts';
import { config } from './config.ts';
import { createPool, migrate } from '../../shared/src/postgres.ts';
import { MIGRATIONS_DIR } from './db.ts';
import { registerInputGuard } from './input.ts';
import { Repo } from './repo.ts';
import { readCatalogFile } from './cots/catalog.ts';
import { seedCatalog } from './cots/seed.ts';
import { CotsStore, setCotsStore } from './cots/store.ts';
import { registerAgentRoutes } from './routes/agent.ts';
import { registerCotsRoutes } from './routes/cots.ts';
import { documentBenchmarkRoutes, registerBenchmarkRoutes } from './routes/benchmark.ts';
import { registerEpisodeRoutes } from './routes/episodes.ts';
import { registerHealthRoute } from './routes/health.ts';
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
const pool = createPool(config.databaseUrl, (error) => app.log.warn({ err: error }, 'idle Postgres connection dropped'));
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

app.addHook('onClose', async () => {
  await DBOS.shutdown();
  await pool.end();
  s3.destroy();
});

registerAuth(app, config.apiKey);
registerInputGuard(app);

// Every route, in the order the OpenAPI document lists them: routes/<first URL segment>.ts.
registerHealthRoute(app, pool, s3, config);
registerAgentRoutes(app, repo);
registerBenchmarkRoutes(app, repo);
registerCotsRoutes(app, cots);
registerEpisodeRoutes(app, repo, light, config.wsHeartbeatMs);

await app.ready();
documentAuth(app.swagger() as Parameters<typeof documentAuth>[0]);
documentBenchmarkRoutes(app.swagger() as Parameters<typeof documentBenchmarkRoutes>[0]);

await runService(app);
