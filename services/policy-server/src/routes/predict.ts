import type { Service } from '../../../shared/src/service.ts';
import { config } from '../config.ts';
import { resetToStart } from '../rollout.ts';
import { errors } from '../../../shared/src/reply.ts';
import { PredictBody, PredictResponse } from '../schemas.ts';
import { modelOrReply } from './model-input.ts';

export function registerPredictRoute(app: Service): void {
  app.post(
    '/predict',
    {
      schema: {
        summary: 'One action for the model\'s starting state',
        description: 'The XML must compile in MuJoCo (400 with MuJoCo\'s message otherwise); a missing or empty field is 422, an XML over the limit 413.',
        tags: ['model'],
        body: PredictBody,
        response: { 200: PredictResponse, ...errors(400, 413, 422) },
      },
    },
    async (request, reply) => {
      const loaded = await modelOrReply(request.body.xml_string, reply);
      if (!loaded) return reply;
      try {
        resetToStart(loaded);
        return { action: config.policy.predict({ ...loaded, modelId: config.modelId, instruction: request.body.instruction, duration: 1 }), model_id: config.modelId };
      } finally {
        loaded.dispose();
      }
    },
  );
}
