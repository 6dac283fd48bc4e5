// A built web app as a service of a stack: its dist copied into the instance's work dir with a
// config.json (the runtime settings the app reads at start, e.g. its backend's URL), served
// statically by `serve` (no dev server, no HMR). Health is the config file itself.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../paths.ts';
import type { ServiceContext, ServiceSpec } from './types.ts';

export function staticApp(options: { dist: string; wellKnownPort: number; config: (ctx: ServiceContext) => object }): ServiceSpec {
  const dir = (ctx: ServiceContext) => path.join(ctx.workDir, 'frontend');
  return {
    name: 'frontend',
    prepare: (ctx) => {
      fs.rmSync(dir(ctx), { recursive: true, force: true });
      fs.cpSync(path.join(REPO_ROOT, options.dist), dir(ctx), { recursive: true });
      fs.writeFileSync(path.join(dir(ctx), 'config.json'), JSON.stringify(options.config(ctx)));
    },
    command: (ctx) => ['node', 'node_modules/serve/build/main.js', '--single', '--no-clipboard', '--no-port-switching', '--listen', `tcp://127.0.0.1:${ctx.port}`, dir(ctx)],
    env: () => ({}),
    health: '/config.json',
    // Static files and URLs known before anything starts: it needs no service up.
    dependsOn: [],
    wellKnownPort: options.wellKnownPort,
    startTimeoutMs: 15_000,
  };
}
