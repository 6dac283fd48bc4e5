// Runs once in the Playwright runner: attach to a live `npm run stack`, or boot shared infra
// (build what changed, start Postgres + S3, migrate the template). Workers find the result
// through STACK_RUN_FILE. The returned function is the global teardown.
import { STATE_FILE } from './infra/paths.ts';
import { findLiveStack } from './infra/runtime/attach.ts';
import { bootRun, runFile, sweepStaleRuns } from './infra/runtime/run.ts';
import { workbench } from './infra/stacks/workbench.ts';
import { loadEnv } from './infra/env.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  loadEnv();
  const swept = sweepStaleRuns();
  if (swept.length > 0) console.log(`[stack] swept ${swept.length} stale run(s) left by a killed process: ${swept.join(', ')}`);

  if (process.env.STACK_ATTACH !== '0') {
    const live = await findLiveStack('controller');
    if (live) {
      console.log(`[stack] attached to the running stack (${live.urls.controller}); STACK_ATTACH=0 boots a private one`);
      process.env.STACK_RUN_FILE = STATE_FILE;
      return async () => undefined;
    }
  }

  const run = await bootRun(workbench);
  process.env.STACK_RUN_FILE = runFile(run.record);
  if (run.build.built.length > 0) console.log(`[stack] built ${run.build.built.join(', ')}`);
  return () => run.stop();
}
