import { Type } from 'typebox';
import { createService, runService } from '../../shared/src/service.ts';
import { registerWorkerHealth } from '../../shared/src/health.ts';

const MODEL_ID = process.env.MODEL_ID ?? 'workbench-scripted';

const app = await createService({
  name: 'model-server',
  description: 'OpenAI-compatible chat completions replaying scripted scenarios',
});
registerWorkerHealth(app, 'model-server');

app.get(
  '/v1/models',
  {
    schema: {
      summary: 'Models this server answers for (OpenAI-compatible)',
      tags: ['openai'],
      response: {
        200: Type.Object({
          object: Type.Literal('list'),
          data: Type.Array(Type.Object({ id: Type.String(), object: Type.Literal('model'), owned_by: Type.String() })),
        }),
      },
    },
  },
  async () => ({ object: 'list' as const, data: [{ id: MODEL_ID, object: 'model' as const, owned_by: 'workbench' }] }),
);

await runService(app);
