// Runs once in the Playwright runner, which owns the run: it starts nothing yet. Test workers
// ask it (STACK_BROKER_URL) for the stacks their tests use; a stack is then attached to (a live
// `npm run stack`) or prepared (built, its infrastructure started, its template migrated) on its
// first request. The returned function is the global teardown.
import { loadEnv } from './infra/env.ts';
import { findLiveStack } from './infra/runtime/attach.ts';
import { serveStacks, type StackAnswer } from './infra/runtime/broker.ts';
import { Run } from './infra/runtime/run.ts';
import { stackNamed } from './infra/stacks/index.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  loadEnv();
  const run = Run.open();
  const answers = new Map<string, Promise<StackAnswer>>();
  const answer = async (name: string): Promise<StackAnswer> => {
    const spec = stackNamed(name);
    if (process.env.STACK_ATTACH !== '0') {
      const state = await findLiveStack(spec);
      if (state) {
        console.log(`[stack] ${name}: attached to the running \`npm run stack\`; STACK_ATTACH=0 boots a private one`);
        return { mode: 'attach', state };
      }
    }
    const prepared = await run.prepare(spec);
    if (prepared.build.built.length > 0) console.log(`[stack] ${name}: built ${prepared.build.built.join(', ')}`);
    return { mode: 'boot', prepared };
  };
  const broker = await serveStacks((name) => {
    // One decision per stack and run: every worker gets the same answer.
    let pending = answers.get(name);
    if (!pending) {
      pending = answer(name);
      answers.set(name, pending);
      pending.catch(() => answers.delete(name));
    }
    return pending;
  });
  process.env.STACK_BROKER_URL = broker.url;
  return async () => {
    await broker.close();
    await run.stop();
  };
}
