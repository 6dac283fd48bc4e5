// `npm run stack`: one long-lived stack on the well-known ports, for UI mode and manual poking.
// Test runs attach to it while it lives. Ctrl-C stops everything it started.
import path from 'node:path';
import { REPO_ROOT } from '../paths.ts';
import { removeAttachState, writeAttachState } from '../runtime/attach.ts';
import { bootRun, startInstance } from '../runtime/run.ts';
import { workbench } from '../stacks/workbench.ts';

const spec = workbench;
const started = performance.now();
const run = await bootRun(spec, {
  infraPorts: {
    postgres: Number(process.env.STACK_PORT_POSTGRES ?? 15432),
    s3: Number(process.env.STACK_PORT_S3 ?? 19000),
  },
});
const logDir = path.join(run.record.logRoot, 'stack');
let instance;
try {
  instance = await startInstance(run.record, spec, 'stack', { ports: 'well-known', logDir });
} catch (error) {
  await run.stop();
  console.error(String((error as Error).message ?? error));
  process.exit(1);
}
writeAttachState({
  ...run.record,
  label: 'stack',
  urls: instance.stack.urls,
  databaseUrl: instance.databaseUrl,
  buckets: instance.buckets,
  logDir,
});

console.log(`\n${spec.name} stack up in ${Math.round(performance.now() - started)} ms (infra: ${run.record.infra.kind})\n`);
for (const [name, url] of Object.entries(instance.stack.urls)) console.log(`  ${name.padEnd(14)} ${url}`);
console.log(`  ${'postgres'.padEnd(14)} ${instance.databaseUrl}`);
console.log(`  ${'s3'.padEnd(14)} ${run.record.infra.s3.endpoint}  buckets: ${Object.values(instance.buckets).join(', ')}`);
console.log(`  ${'logs'.padEnd(14)} ${path.relative(REPO_ROOT, logDir)}/\n`);
console.log('Test runs attach to this stack. Ctrl-C to stop.');

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  removeAttachState();
  await instance.stop();
  await run.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGHUP', () => void stop('SIGHUP'));
// A service that dies while the stack is up is reported, not silently missing.
for (const service of instance.stack.services.values()) {
  void service.exited.then(({ exitCode, signal }) => {
    if (!stopping) console.error(`service ${service.name} exited (code ${exitCode ?? 'none'}, signal ${signal ?? 'none'}); see ${path.relative(REPO_ROOT, service.logFile)}`);
  });
}
