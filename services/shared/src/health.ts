import fs from 'node:fs/promises';
import path from 'node:path';
import { WorkerHealth } from './schemas.ts';
import type { Service } from './service.ts';

/** Whether this process can use its sessions directory: create it, write a file there, remove it. */
export async function sessionsCheck(dir: string): Promise<{ ok: boolean; detail?: string }> {
  const probe = path.join(dir, `.health-${process.pid}`);
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(probe, 'ok');
    await fs.rm(probe);
    return { ok: true };
  } catch (error) {
    return { ok: false, detail: `the sessions directory is not usable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}

/**
 * `GET /health`: the process answers, and where it works on sessions, it can use their
 * directory (503 `unhealthy` when it cannot: a health that cannot fail proves nothing).
 */
export function registerWorkerHealth(app: Service, service: string, options: { sessionsDir?: string } = {}): void {
  app.get(
    '/health',
    { schema: { summary: 'Liveness, and whether the sessions directory is usable', tags: ['ops'], response: { 200: WorkerHealth, 503: WorkerHealth } } },
    async (_request, reply) => {
      if (!options.sessionsDir) return { status: 'healthy' as const, service };
      const sessions = await sessionsCheck(options.sessionsDir);
      return reply.status(sessions.ok ? 200 : 503).send({ status: sessions.ok ? 'healthy' : 'unhealthy', service, sessions });
    },
  );
}
