import type { Service } from '../../../shared/src/service.ts';
import { config, LIMITS } from '../config.ts';
import { resetToStart, rollout } from '../rollout.ts';
import { errors } from '../../../shared/src/reply.ts';
import { EpisodeBody, EpisodeResponse } from '../schemas.ts';
import { modelOrReply } from './model-input.ts';

export function registerEpisodeRoute(app: Service): void {
  app.post(
    '/episode',
    {
      schema: {
        summary: 'A closed-loop rollout in MuJoCo: observe, act, step, for `steps` control steps',
        description:
          'Starts at the model\'s "home" keyframe (else qpos0). Each action is held for `control_dt` seconds; states[i] is the state ' +
          `after actions[i]. A rollout over its wall-time budget stops early with \`truncated: true\`. At most ${LIMITS.maxSteps} steps.`,
        tags: ['model'],
        body: EpisodeBody,
        response: { 200: EpisodeResponse, ...errors(400, 413, 422) },
      },
    },
    async (request, reply) => {
      const started = performance.now();
      const loaded = await modelOrReply(request.body.xml_string, reply);
      if (!loaded) return reply;
      try {
        const steps = request.body.steps ?? LIMITS.defaultSteps;
        const controlDt = request.body.control_dt ?? LIMITS.defaultControlDt;
        resetToStart(loaded);
        const controller = config.policy.start({ ...loaded, modelId: config.modelId, instruction: request.body.instruction, duration: steps * controlDt });
        const result = rollout(loaded, controller, { steps, controlDt, budgetMs: config.rolloutBudgetMs });
        return { model_id: config.modelId, ...result, timestep: loaded.model.opt.timestep, duration_ms: Math.round((performance.now() - started) * 100) / 100 };
      } finally {
        loaded.dispose();
      }
    },
  );
}
