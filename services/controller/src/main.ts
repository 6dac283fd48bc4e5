import { HeadBucketCommand } from '@aws-sdk/client-s3';
import cors from '@fastify/cors';
import websocket from '@fastify/websocket';
import { DBOS } from '@dbos-inc/dbos-sdk';
import OpenAI from 'openai';
import { createService, runService } from '../../shared/src/service.ts';
import { ControllerHealth } from '../../shared/src/schemas.ts';
import { createS3Client } from '../../shared/src/s3.ts';
import { reconcileEpisodes } from './agent/reconcile.ts';
import { initAgent } from './agent/workflow.ts';
import { documentAuth, registerAuth } from './auth.ts';
import { config } from './config.ts';
import { createPool, migrate } from './db.ts';
import { registerInputGuard } from './input.ts';
import { Repo } from './repo.ts';
import { registerAgentRoutes } from './routes/agent.ts';
import { registerAssetProxy } from './routes/assets.ts';
import { registerEpisodeRoutes } from './routes/episodes.ts';
import { registerStreamRoute } from './routes/stream.ts';
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

const pool = createPool(config.databaseUrl);
const s3 = createS3Client(config.s3);
const repo = new Repo(pool);
const light = new WorkerClient('worker-light', config.workerLightUrl);
const heavy = new WorkerClient('worker-heavy', config.workerHeavyUrl);

await migrate(config.databaseUrl, (msg) => app.log.debug({ migration: msg }, 'migrate'));
await ensureBuckets(s3, config.s3.buckets);

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

app.get(
  '/health',
  {
    schema: {
      summary: 'Health of the controller and its dependencies (Postgres, S3, model)',
      tags: ['ops'],
      response: { 200: ControllerHealth, 503: ControllerHealth },
    },
  },
  async (_request, reply) => {
    const [postgres, storage] = await Promise.all([
      pool.query('SELECT 1').then(
        () => ({ ok: true }),
        (error: Error) => ({ ok: false, detail: error.message }),
      ),
      Promise.all(config.s3.buckets.map((Bucket) => s3.send(new HeadBucketCommand({ Bucket })))).then(
        () => ({ ok: true, buckets: config.s3.buckets }),
        (error: Error) => ({ ok: false, buckets: config.s3.buckets, detail: error.message }),
      ),
    ]);
    const healthy = postgres.ok && storage.ok;
    return reply.status(healthy ? 200 : 503).send({
      status: healthy ? 'healthy' : 'unhealthy',
      service: 'controller' as const,
      postgres,
      s3: storage,
      model: { scripted: config.llm.scripted, base_url: config.llm.baseUrl, model: config.llm.model },
    });
  },
);

registerAgentRoutes(app, repo);
registerEpisodeRoutes(app, repo, light);
registerAssetProxy(app, repo, light);
registerStreamRoute(app, repo, config.wsHeartbeatMs);

await app.ready();
documentAuth(app.swagger() as Parameters<typeof documentAuth>[0]);
// @fastify/swagger marks every body required; confirm's is not (no body = no comment).
const confirmDoc = (app.swagger() as { paths?: Record<string, Record<string, { requestBody?: { required?: boolean } }>> }).paths?.['/benchmark/{id}/confirm']?.post;
if (confirmDoc?.requestBody) confirmDoc.requestBody.required = false;

await runService(app);
