import { WorkerHealth } from './schemas.ts';
import type { Service } from './service.ts';

/** `GET /health` for a service whose health is just "the process answers". */
export function registerWorkerHealth(app: Service, service: string): void {
  app.get(
    '/health',
    { schema: { summary: 'Liveness', tags: ['ops'], response: { 200: WorkerHealth } } },
    async () => ({ status: 'healthy' as const, service }),
  );
}
