// The workbench: three HTTP services, a scripted model server and a built frontend on Postgres and S3.
import path from 'node:path';
import { CONTROLLER_DEV_API_KEY } from '../../services/shared/src/schemas.ts';
import { staticApp } from './static-app.ts';
import type { BuildTarget, ServiceSpec, StackSpec } from './types.ts';

const node = (service: string) => () => ['node', '--enable-source-maps', `services/${service}/dist/main.mjs`];

const bundle = (service: string): BuildTarget => ({
  kind: 'bundle',
  entry: `services/${service}/src/main.ts`,
  output: `services/${service}/dist/main.mjs`,
  sources: [`services/${service}/src`, 'services/shared/src'],
});

const frontendBuild: BuildTarget = {
  kind: 'vite',
  root: 'frontend',
  output: 'frontend/dist',
  // The app imports the shared mention grammar (services/shared/src/mentions.ts).
  sources: ['frontend/src', 'frontend/index.html', 'frontend/vite.config.ts', 'services/shared/src'],
};

/** Protected controller routes need it; the frontend gets it from its config.json, the specs from fixtures/workbench.ts. */
export const controllerApiKey = () => process.env.CONTROLLER_API_KEY ?? CONTROLLER_DEV_API_KEY;

const services: ServiceSpec[] = [
  {
    name: 'model-server',
    command: node('model-server'),
    env: () => ({}),
    health: '/health',
    dependsOn: [],
    wellKnownPort: 18003,
    startTimeoutMs: 15_000,
  },
  {
    name: 'worker-light',
    command: node('worker-light'),
    env: (ctx) => ({ SESSIONS_DIR: path.join(ctx.workDir, 'sessions') }),
    health: '/health',
    dependsOn: [],
    wellKnownPort: 18001,
    startTimeoutMs: 15_000,
  },
  {
    name: 'worker-heavy',
    command: node('worker-heavy'),
    env: (ctx) => ({
      SESSIONS_DIR: path.join(ctx.workDir, 'sessions'),
      // Pricing COTS lines asks the controller's read-only catalog (services/worker-heavy/src/cots.ts).
      COTS_CATALOG_URL: ctx.urls.controller!,
      CONTROLLER_API_KEY: controllerApiKey(),
    }),
    health: '/health',
    // The URL is known before anything starts; the controller is needed only when a COTS line is priced.
    dependsOn: [],
    wellKnownPort: 18002,
    startTimeoutMs: 15_000,
  },
  {
    name: 'controller',
    command: node('controller'),
    env: (ctx) => ({
      CONTROLLER_API_KEY: controllerApiKey(),
      DATABASE_URL: ctx.resources.postgres!.url,
      S3_ENDPOINT: ctx.resources.s3!.endpoint,
      S3_REGION: ctx.resources.s3!.region,
      S3_ACCESS_KEY: ctx.resources.s3!.accessKeyId,
      S3_SECRET_KEY: ctx.resources.s3!.secretAccessKey,
      S3_BUCKETS: Object.values(ctx.resources.s3!.buckets).join(','),
      WORKER_LIGHT_URL: ctx.urls['worker-light']!,
      WORKER_HEAVY_URL: ctx.urls['worker-heavy']!,
      // Where the workers call back (long checks' results): the controller as they reach it.
      CONTROLLER_URL: ctx.urls.controller!,
      // A real provider replaces the scripted model by setting LLM_BASE_URL (and key, model).
      LLM_BASE_URL: process.env.LLM_BASE_URL ?? `${ctx.urls['model-server']}/v1`,
      LLM_API_KEY: process.env.LLM_API_KEY ?? 'scripted',
      LLM_MODEL: process.env.LLM_MODEL ?? 'workbench-scripted',
      LLM_SCRIPTED: process.env.LLM_BASE_URL ? '0' : '1',
      // Short, so a fault test outlasts it in seconds (the service's own default is 30 s).
      DB_OUTAGE_BUDGET_MS: '5000',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    }),
    health: '/health',
    // It calls the workers and the model only when an episode runs: it starts beside them.
    dependsOn: [],
    wellKnownPort: 18000,
    startTimeoutMs: 20_000,
  },
  // The built app, told where its controller is and the key it needs.
  staticApp({ dist: 'frontend/dist', wellKnownPort: 15173, config: (ctx) => ({ controllerUrl: ctx.publicUrls.controller, apiKey: controllerApiKey() }) }),
];

export const workbench: StackSpec = {
  name: 'workbench',
  services,
  builds: [...['controller', 'worker-light', 'worker-heavy', 'model-server'].map(bundle), frontendBuild],
  resources: {
    postgres: { migrationsDir: 'services/controller/migrations' },
    s3: { buckets: ['artifacts'] },
  },
  wellKnownInfraPorts: { postgres: 15432, s3: 19000 },
};
