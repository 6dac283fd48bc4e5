// GET /health: liveness and a usable sessions directory (503 without one), plus on request
// (`?detail=true`) what contains executed code on this host, so a caller (and the suite) can see a degraded sandbox instead of trusting it blindly.
import { sessionsCheck } from '../../../shared/src/health.ts';
import { errors } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { sessionsDir } from '../../../shared/src/workspace.ts';
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
        response: { 200: LightHealth, 503: LightHealth, ...errors(400) },
      },
    },
    async (request, reply) => {
      const sessions = await sessionsCheck(sessionsDir());
      const base = { status: sessions.ok ? ('healthy' as const) : ('unhealthy' as const), service: 'worker-light', sessions };
      return reply.status(sessions.ok ? 200 : 503).send(request.query.detail === 'true' ? { ...base, pid: process.pid, sandbox: sandboxState() } : base);
    },
  );
}
