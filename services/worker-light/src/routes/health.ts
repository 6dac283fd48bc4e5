// GET /health: liveness, plus on request (`?detail=true`) what contains executed code on this host,
// so a caller (and the suite) can see a degraded sandbox instead of trusting it blindly.
import { errors } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { sandboxState } from '../sandbox.ts';
import { HealthQuery, LightHealth } from '../schemas.ts';

export function registerHealthRoute(app: Service): void {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness (and, with detail=true, the execute sandbox)',
        tags: ['ops'],
        querystring: HealthQuery,
        response: { 200: LightHealth, ...errors(400) },
      },
    },
    async (request) => {
      const base = { status: 'healthy' as const, service: 'worker-light' };
      return request.query.detail === 'true' ? { ...base, pid: process.pid, sandbox: sandboxState() } : base;
    },
  );
}
