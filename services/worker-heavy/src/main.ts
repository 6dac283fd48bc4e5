import { createService, runService } from '../../shared/src/service.ts';
import { sandboxSupport } from '../../shared/src/sandbox.ts';
import { registerBenchmarkRoutes } from './routes/benchmark.ts';
import { registerJobRoutes } from './routes/jobs.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerPlanRoutes } from './routes/plan.ts';
import { loadKernel } from './geometry.ts';
import { loadPhysics } from './simulate/scene.ts';

const app = await createService({
  name: 'worker-heavy',
  description:
    'Geometry validation (manifold-3d) and rigid-body simulation (Rapier) of workbench build scripts. Build scripts are ES modules that ' +
    "import the CAD module as 'workbench/cad' (resolved by bundling with esbuild) and run in a sandboxed child process (no network, own PID " +
    'namespace, memory cap, fs reads only of the session, no writes) with a timeout.',
  bodyLimit: 64 * 1024 * 1024,
});
registerHealthRoute(app);
registerBenchmarkRoutes(app);
registerJobRoutes(app);
registerPlanRoutes(app);
// Warm both WASM engines before the first request; detect the build-script sandbox once.
await Promise.all([loadKernel(), loadPhysics()]);
const sandbox = sandboxSupport();
app.log[sandbox.warning ? 'warn' : 'info']({ isolation: sandbox.isolation, memory_cap: sandbox.prlimit, warning: sandbox.warning }, 'build-script sandbox');
await runService(app);
