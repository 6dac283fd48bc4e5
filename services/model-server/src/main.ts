import { createService, runService } from '../../shared/src/service.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerV1Routes } from './routes/v1.ts';
import { DEFAULT_SCENARIOS_FILE, ScenarioFile } from './scenarios.ts';

const MODEL_ID = process.env.MODEL_ID ?? 'workbench-scripted';
const scenarios = new ScenarioFile(process.env.SCENARIOS_FILE ?? DEFAULT_SCENARIOS_FILE);
scenarios.load(); // a broken scenarios file stops start-up with its message

const app = await createService({
  name: 'model-server',
  description:
    'OpenAI-compatible chat completions replaying scripted scenarios (services/model-server/scenarios.yaml). The scenario is chosen by the ' +
    'session-ID prefix (`INT-030-1a2b3c4d` → `INT-030`, else `default`), the session taken from the `user` field or the `X-Session-ID` ' +
    'header; the role from `X-Agent-Role` or a `role: <name>` line in the system prompt; turn N answers a conversation holding N assistant messages.',
});
registerHealthRoute(app);
registerV1Routes(app, scenarios, MODEL_ID);

await runService(app);
