// GET /health: liveness, and whether the sessions directory is usable.
import { registerWorkerHealth } from '../../../shared/src/health.ts';
import { sessionsDir } from '../../../shared/src/workspace.ts';
import type { Service } from '../../../shared/src/service.ts';

export function registerHealthRoute(app: Service): void {
  registerWorkerHealth(app, 'worker-heavy', { sessionsDir: sessionsDir() });
}
