import type { Service } from '../../../shared/src/service.ts';
import { config, LIMITS } from '../config.ts';
import { mujoco } from '../mujoco.ts';
import { Info } from '../schemas.ts';

export function registerInfoRoute(app: Service): void {
  app.get('/info', { schema: { summary: 'What this model is, honestly', tags: ['model'], response: { 200: Info } } }, async () => ({
    model_id: config.modelId,
    name: config.modelId,
    policy: config.policyName,
    type: config.policy.type,
    description: config.policy.description,
    device: 'cpu' as const,
    // The policy is code: there are no weights to load, so it is ready once MuJoCo is.
    loaded: !!(await mujoco()),
    action_dim: 8 as const,
    action_space: '7 arm joint position targets and 1 gripper opening, each in [-1, 1] over its actuator\'s control range',
    simulator: `MuJoCo ${(await mujoco()).mj_versionString()} (official WebAssembly build)`,
    limits: { xml_bytes: LIMITS.xmlBytes, max_steps: LIMITS.maxSteps },
  }));
}
