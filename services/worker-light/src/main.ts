import { createService, runService } from '../../shared/src/service.ts';
import { useSessionScope } from '../../shared/src/session-scope.ts';
import { registerAssetRoute } from './routes/assets.ts';
import { registerFsRoutes } from './routes/fs.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerRuntimeRoutes } from './routes/runtime.ts';
import { stopAllExecutions } from './execute.ts';
import { describeSandbox, sandboxState } from './sandbox.ts';
import { openSession, sessionRefusal } from './session.ts';

const app = await createService({
  name: 'worker-light',
  description: 'Session workspace: files, code execution, assets. Every route but /health and /openapi.json needs `X-Session-ID`.',
  bodyLimit: 16 * 1024 * 1024,
});
registerHealthRoute(app);
// Detected once, before the first request; a degraded sandbox is said loudly, not hidden.
const sandbox = sandboxState();
if (sandbox.warning) app.log.warn({ sandbox }, `execute sandbox degraded: ${sandbox.warning}`);
else app.log.info({ sandbox }, `execute sandbox: ${describeSandbox(sandbox)}`);
// Runs in progress die with the worker; their callers are gone.
app.addHook('preClose', async () => stopAllExecutions());
await app.register(async (scope) => {
  useSessionScope(scope, { open: openSession, refusal: sessionRefusal });
  await registerFsRoutes(scope);
  registerRuntimeRoutes(scope);
  registerAssetRoute(scope);
});
await runService(app);
