// A policy server of the arena: one program, the policy chosen by POLICY (mock-vla, ik-grasp) and
// named by MODEL_ID. Episodes are real MuJoCo rollouts of the model the caller sends.
import { createService, runService } from '../../shared/src/service.ts';
import { config } from './config.ts';
import { mujoco } from './mujoco.ts';
import { registerEpisodeRoute } from './routes/episode.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerInfoRoute } from './routes/info.ts';
import { registerPredictRoute } from './routes/predict.ts';

const app = await createService({
  name: 'policy-server',
  description: `Robot policy "${config.modelId}" (${config.policy.type}): actions for an MJCF model, and MuJoCo rollouts of it.`,
  // A 1 MiB model, JSON-escaped, fits; the handler refuses a larger model with 413.
  bodyLimit: 4 * 1024 * 1024,
  // The arena's contract (and the seed's tests): a missing field is 422.
  validationStatus: 422,
});
await mujoco(); // ready before the first health answer

registerHealthRoute(app);
registerInfoRoute(app);
registerPredictRoute(app);
registerEpisodeRoute(app);

await runService(app);
