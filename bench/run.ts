// `npm run bench`: harness and service performance, medians over several runs, written to
// bench/results.md with a description of the machine. No thresholds: figures and targets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from '../infra/paths.ts';
import { findLiveStack, writeAttachState } from '../infra/runtime/attach.ts';
import { buildTargets } from '../infra/runtime/build.ts';
import { startInstance } from '../infra/runtime/instance.ts';
import { Run } from '../infra/runtime/run.ts';
import { sweepStaleRuns } from '../infra/runtime/sweep.ts';
import { stacks } from '../infra/stacks/index.ts';
import { suites } from './suites/index.ts';
import { median, type BenchRow } from './types.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const rows: { section: string; row: BenchRow }[] = [];
const ms = (from: number) => performance.now() - from;
const record = (section: string, row: BenchRow) => {
  rows.push({ section, row });
  console.log(`${section} › ${row.name}: ${row.value.toFixed(row.unit === 'ms' ? 0 : 2)} ${row.unit}${row.target ? ` (target ${row.target})` : ''}`);
};

for (const spec of Object.values(stacks)) {
  const section = `harness: ${spec.name}`;
  await buildTargets(spec.builds); // "with builds cached"

  // Cold boot: what a test run does for a stack's first test: the run, the stack's infra and
  // template, one worker's instance healthy.
  const total: number[] = [];
  const infra: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const run = Run.open();
    const prepared = await run.prepare(spec);
    infra.push(ms(t0));
    const instance = await startInstance(prepared, spec, 'w0', { ports: 'free', logDir: path.join(run.dirs.logRoot, 'bench', spec.name) });
    total.push(ms(t0));
    await instance.stop();
    await run.stop();
  }
  record(section, { name: 'cold boot: run + infra + one worker stack healthy', value: median(total), unit: 'ms', target: '≤ 3000 ms' });
  record(section, { name: '  of which infra + template migration', value: median(infra), unit: 'ms' });

  // Attach: what a test run does when `npm run stack` is live.
  const run = Run.open();
  const instance = await startInstance(await run.prepare(spec), spec, 'stack', { ports: 'free', logDir: path.join(run.dirs.logRoot, 'bench', spec.name) });
  const stateFile = path.join(run.dirs.runDir, 'bench-state.json');
  writeAttachState({ stack: spec.name, owner: run.dirs.owner, urls: instance.urls, resources: instance.resources, logDir: '' }, stateFile);
  // A suite that throws must not leave the stack behind (a static server has no parent lifeline).
  try {
    const times: number[] = [];
    for (let i = 0; i < RUNS * 4; i++) {
      const t0 = performance.now();
      sweepStaleRuns();
      const live = await findLiveStack(spec, stateFile);
      if (!live) throw new Error(`bench: the live ${spec.name} stack was not found`);
      times.push(ms(t0));
    }
    record(section, { name: 'attach to a live stack (sweep + state file + every health)', value: median(times), unit: 'ms', target: '≤ 300 ms' });

    // Service suites run against this instance.
    for (const [name, suite] of Object.entries(suites[spec.name] ?? {})) {
      for (const row of await suite({ urls: instance.urls, runs: RUNS })) record(name, row);
    }
  } finally {
    await instance.stop();
    await run.stop();
  }
}

// Per-test overhead: a run of 101 empty API tests against a run of 1, same boot, one worker.
{
  const config = path.join(REPO_ROOT, 'bench/overhead/playwright.config.ts');
  const wall = async (tests: number) => {
    const t0 = performance.now();
    await execa('npx', ['playwright', 'test', '-c', config], { env: { BENCH_TESTS: String(tests), STACK_ATTACH: '0' }, cwd: REPO_ROOT });
    return ms(t0);
  };
  const perTest: number[] = [];
  for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
    const one = await wall(1);
    const many = await wall(101);
    perTest.push((many - one) / 100);
  }
  record('harness: workbench', { name: 'per-test overhead of an empty API test', value: median(perTest), unit: 'ms', target: '≤ 20 ms' });
}

// results.md
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '# Benchmark results',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` (median of ${RUNS} runs unless noted).`,
  `Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, infra: ${process.env.STACK_INFRA || 'embedded'}.`,
  'Shared machines are noisy: compare figures from one run with each other, not across runs.',
  '',
];
for (const section of [...new Set(rows.map((r) => r.section))]) {
  lines.push(`## ${section}`, '', '| measure | median | target |', '|---|---|---|');
  for (const { row } of rows.filter((r) => r.section === section)) {
    const value = row.unit === 'ms' ? row.value.toFixed(0) : row.value.toFixed(2);
    lines.push(`| ${row.name.trim()}${row.note ? ` (${row.note})` : ''} | ${value} ${row.unit} | ${row.target ?? ''} |`);
  }
  lines.push('');
}
fs.writeFileSync(path.join(REPO_ROOT, 'bench/results.md'), lines.join('\n'));
console.log('\nwritten to bench/results.md');
