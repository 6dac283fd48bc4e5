// The controller's request log lines name the run they concern: a request about an episode
// (`/episodes/{id}/…`) carries that run's trace ID, as the workers' lines for its requests do.
import type { FastifyInstance } from 'fastify';
import { traceIdOf } from '../../shared/src/trace-context.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerRunTrace(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const id = (request.params as { id?: unknown } | undefined)?.id;
    if (!request.traceId && typeof id === 'string' && UUID.test(id)) request.traceId = traceIdOf(id);
  });
}
