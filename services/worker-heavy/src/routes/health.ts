// GET /health: liveness (the process answers).
import { registerWorkerHealth } from '../../../shared/src/health.ts';
import type { Service } from '../../../shared/src/service.ts';

export function registerHealthRoute(app: Service): void {
  registerWorkerHealth(app, 'worker-heavy');
}
