// `npm run stack [-- <stack>]`: one long-lived stack (default: workbench) on its well-known ports,
// for UI mode and manual poking. Test runs attach to it while it lives. Ctrl-C stops everything.
import path from 'node:path';
import { REPO_ROOT } from '../paths.ts';
import type { ResourceKind } from '../providers/types.ts';
import { removeAttachState, writeAttachState } from '../runtime/attach.ts';
import { startInstance, wellKnownPort, type StackInstance } from '../runtime/instance.ts';
import { Run } from '../runtime/run.ts';
import { stackNamed } from '../stacks/index.ts';

const spec = stackNamed(process.argv[2] ?? 'workbench');
const started = performance.now();
const ports = Object.fromEntries(
  Object.entries(spec.wellKnownInfraPorts).map(([kind, port]) => [kind, wellKnownPort(spec.name, kind, port!)]),
) as { [K in ResourceKind]?: number };
const run = Run.open({ ports });
const logDir = path.join(run.dirs.logRoot, spec.name, 'stack');
let instance: StackInstance;
try {
  instance = await startInstance(await run.prepare(spec), spec, 'stack', { ports: 'well-known', logDir });
} catch (error) {
  await run.stop();
  console.error(String((error as Error).message ?? error));
  process.exit(1);
}
writeAttachState({ stack: spec.name, owner: run.dirs.owner, urls: instance.urls, resources: instance.resources, logDir });

console.log(`\n${spec.name} stack up in ${Math.round(performance.now() - started)} ms (infra: ${run.infra})\n`);
for (const [name, url] of Object.entries(instance.urls)) console.log(`  ${name.padEnd(16)} ${url}`);
const { postgres, s3, docstore } = instance.resources;
if (postgres) console.log(`  ${'postgres'.padEnd(16)} ${postgres.url}`);
if (s3) console.log(`  ${'s3'.padEnd(16)} ${s3.endpoint}  buckets: ${Object.values(s3.buckets).join(', ')}`);
if (docstore) console.log(`  ${'docstore'.padEnd(16)} ${docstore.kind}: ${docstore.url}  collections: ${docstore.collections.join(', ')}`);
console.log(`  ${'logs'.padEnd(16)} ${path.relative(REPO_ROOT, logDir)}/\n`);
console.log('Test runs attach to this stack. Ctrl-C to stop.');

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  removeAttachState(spec.name);
  await instance.stop();
  await run.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGHUP', () => void stop('SIGHUP'));
// A service that dies while the stack is up is reported, not silently missing.
for (const service of instance.services.values()) {
  void service.exited.then(({ exitCode, signal }) => {
    if (!stopping) console.error(`service ${service.name} exited (code ${exitCode ?? 'none'}, signal ${signal ?? 'none'}); see ${path.relative(REPO_ROOT, service.logFile)}`);
  });
}
