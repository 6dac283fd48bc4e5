import { createService, runService } from '../../shared/src/service.ts';
import { registerWorkerHealth } from '../../shared/src/health.ts';

const app = await createService({ name: 'worker-light', description: 'Session workspace: files, code execution, assets' });
registerWorkerHealth(app, 'worker-light');
await runService(app);
