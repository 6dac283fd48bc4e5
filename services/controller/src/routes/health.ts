// GET /health: the controller and its dependencies (Postgres, S3, the model endpoint), and which
// model it talks to; 503 when a dependency does not answer — within CHECK_TIMEOUT_MS, so a stalled
// dependency makes health unhealthy instead of hanging it.
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type pg from 'pg';
import { ControllerHealth } from '../../../shared/src/schemas.ts';
import type { Service } from '../../../shared/src/service.ts';
import type { config as Config } from '../config.ts';

export const CHECK_TIMEOUT_MS = 2000;

/** The check's outcome, or a failure naming the wait when it does not settle in time. */
function within<T>(what: string, check: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([check, timeout]).finally(() => clearTimeout(timer));
}

/** The model endpoint answers (its OpenAI-style model list; any HTTP answer below 500 means it is there). */
async function modelCheck(baseUrl: string, apiKey: string): Promise<{ ok: boolean; detail?: string }> {
  try {
    const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/models`, { headers: { authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    await res.arrayBuffer();
    return res.status < 500 ? { ok: true } : { ok: false, detail: `the model endpoint answered ${res.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, detail: `the model endpoint does not answer: ${cause ?? (error as Error).message}` };
  }
}

export function registerHealthRoute(app: Service, pool: pg.Pool, s3: S3Client, config: typeof Config): void {
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
      const [postgres, storage, model] = await Promise.all([
        within('Postgres', pool.query('SELECT 1')).then(
          () => ({ ok: true }),
          (error: Error) => ({ ok: false, detail: error.message }),
        ),
        within('S3', Promise.all(config.s3.buckets.map((Bucket) => s3.send(new HeadBucketCommand({ Bucket }), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) })))).then(
          () => ({ ok: true, buckets: config.s3.buckets }),
          (error: Error) => ({ ok: false, buckets: config.s3.buckets, detail: error.message }),
        ),
        modelCheck(config.llm.baseUrl, config.llm.apiKey),
      ]);
      const healthy = postgres.ok && storage.ok && model.ok;
      return reply.status(healthy ? 200 : 503).send({
        status: healthy ? 'healthy' : 'unhealthy',
        service: 'controller' as const,
        postgres,
        s3: storage,
        model: { ...model, scripted: config.llm.scripted, base_url: config.llm.baseUrl, model: config.llm.model },
      });
    },
  );
}
