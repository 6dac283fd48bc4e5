import { createService, runService } from '../../shared/src/service.ts';
import { registerWorkerHealth } from '../../shared/src/health.ts';

const app = await createService({ name: 'worker-heavy', description: 'Geometry validation and rigid-body simulation' });
registerWorkerHealth(app, 'worker-heavy');
await runService(app);
