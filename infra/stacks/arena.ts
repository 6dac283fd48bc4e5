// The arena: a backend and two policy servers (one program, two policies) whose episodes are
// MuJoCo rollouts, on Postgres (battles, votes, ratings) and a document store (episodes).
import path from 'node:path';
import { REPO_ROOT } from '../paths.ts';
import { staticApp } from './static-app.ts';
import type { BuildTarget, ServiceSpec, StackSpec } from './types.ts';

const bundle = (service: string, sources: string[] = []): BuildTarget => ({
  kind: 'bundle',
  entry: `services/${service}/src/main.ts`,
  output: `services/${service}/dist/main.mjs`,
  sources: [`services/${service}/src`, 'services/shared/src', 'services/arena-assets', ...sources],
});

const ASSETS_DIR = path.join(REPO_ROOT, 'services/arena-assets');

/** The policies the stack runs: a model id, the policy program's configuration, its `npm run stack` port. */
const POLICIES = [
  { service: 'policy-mock', modelId: 'mock-vla', policy: 'mock-vla', port: 8001 },
  { service: 'policy-ik', modelId: 'ik-grasp', policy: 'ik-grasp', port: 8002 },
] as const;

const policyServices: ServiceSpec[] = POLICIES.map((p) => ({
  name: p.service,
  command: () => ['node', '--enable-source-maps', 'services/policy-server/dist/main.mjs'],
  env: () => ({ POLICY: p.policy, MODEL_ID: p.modelId, ARENA_ASSETS_DIR: ASSETS_DIR }),
  health: '/health',
  dependsOn: [],
  wellKnownPort: p.port,
  startTimeoutMs: 15_000,
}));

const backend: ServiceSpec = {
  name: 'backend',
  command: () => ['node', '--enable-source-maps', 'services/arena-backend/dist/main.mjs'],
  env: (ctx) => ({
    DATABASE_URL: ctx.resources.postgres!.url,
    DOCSTORE_KIND: ctx.resources.docstore!.kind,
    DOCSTORE_URL: ctx.resources.docstore!.url,
    DOCSTORE_DATABASE: ctx.resources.docstore!.database,
    POLICY_SERVERS: POLICIES.map((p) => `${p.modelId}=${ctx.urls[p.service]}`).join(','),
    ARENA_ASSETS_DIR: ASSETS_DIR,
  }),
  health: '/health',
  // It calls the policy servers only when a turn runs: it starts beside them.
  dependsOn: [],
  wellKnownPort: 8000,
  startTimeoutMs: 15_000,
};

const frontendBuild: BuildTarget = {
  kind: 'vite',
  root: 'services/arena-frontend',
  output: 'services/arena-frontend/dist',
  // It imports the shared theme store (services/shared/src/ui).
  sources: ['services/arena-frontend/src', 'services/arena-frontend/index.html', 'services/arena-frontend/vite.config.ts', 'services/shared/src'],
};

// The built app, told where its backend is (as the workbench's frontend).
const frontend = staticApp({ dist: 'services/arena-frontend/dist', wellKnownPort: 3000, config: (ctx) => ({ backendUrl: ctx.publicUrls.backend }) });

export const arena: StackSpec = {
  name: 'arena',
  services: [...policyServices, backend, frontend],
  builds: [bundle('policy-server'), bundle('arena-backend'), frontendBuild],
  resources: {
    postgres: { migrationsDir: 'services/arena-backend/migrations' },
    docstore: { collections: ['episodes'] },
  },
  wellKnownInfraPorts: { postgres: 15433 },
};
