import type { Service } from '../../../shared/src/service.ts';
import type { Arena } from '../context.ts';
import { policyHealth } from '../policies.ts';
import { EPISODES } from '../turns.ts';
import { Health } from '../schemas.ts';

export function registerHealthRoutes(app: Service, arena: Arena): void {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Health of the backend: Postgres and the document store decide it; policy servers are informational',
        tags: ['ops'],
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      const [postgres, docstore, policy_servers] = await Promise.all([
        arena.pool.query('SELECT 1').then(
          () => ({ ok: true }),
          (error: Error) => ({ ok: false, detail: error.message }),
        ),
        arena.docstore
          .collection(EPISODES)
          .countDocuments({ episode_id: '' })
          .then(
            () => ({ ok: true, kind: arena.config.docstore.kind }),
            (error: Error) => ({ ok: false, kind: arena.config.docstore.kind, detail: error.message }),
          ),
        Promise.all(arena.config.policyServers.map((s) => policyHealth(s))),
      ]);
      const healthy = postgres.ok && docstore.ok;
      return reply.status(healthy ? 200 : 503).send({
        status: healthy ? 'healthy' : 'unhealthy',
        service: 'arena-backend' as const,
        postgres,
        docstore,
        policy_servers,
      });
    },
  );
}
