import { HeadBucketCommand } from '@aws-sdk/client-s3';
import cors from '@fastify/cors';
import { createService, runService } from '../../shared/src/service.ts';
import { ControllerHealth } from '../../shared/src/schemas.ts';
import { createS3Client } from '../../shared/src/s3.ts';
import { config } from './config.ts';
import { createPool, migrate } from './db.ts';
import { ensureBuckets } from './storage.ts';

const app = await createService({
  name: 'controller',
  description: 'Runs agent episodes and records their traces, events and assets',
});

// The frontend is served from its own origin and calls the controller directly.
await app.register(cors, { origin: true });

const pool = createPool(config.databaseUrl);
const s3 = createS3Client(config.s3);
app.addHook('onClose', async () => {
  await pool.end();
  s3.destroy();
});

await migrate(config.databaseUrl, (msg) => app.log.debug({ migration: msg }, 'migrate'));
await ensureBuckets(s3, config.s3.buckets);

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

await runService(app);
