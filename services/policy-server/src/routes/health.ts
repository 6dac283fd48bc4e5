import type { Service } from '../../../shared/src/service.ts';
import { config } from '../config.ts';
import { mujoco } from '../mujoco.ts';
import { Health } from '../schemas.ts';

export function registerHealthRoute(app: Service): void {
  app.get('/health', { schema: { summary: 'Liveness, with the model this server runs and the MuJoCo it runs on', tags: ['ops'], response: { 200: Health } } }, async () => ({
    status: 'healthy' as const,
    service: 'policy-server' as const,
    model: config.modelId,
    policy: config.policyName,
    mujoco_version: (await mujoco()).mj_versionString(),
  }));
}
