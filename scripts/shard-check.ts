// `npm run check:shards`: proves that a sharded run merges into one report. Runs a small selection
// as two shards (each its own `playwright test --shard=i/2` with a blob report, traces on), merges
// the blobs, and checks that the merged report holds every test of both shards with its trace.
// Extra arguments replace the selection, e.g. `npm run check:shards -- --project=p0`.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from '../infra/paths.ts';

const selection = process.argv.slice(2).length ? process.argv.slice(2) : ['--project=p0', 'api/health.spec.ts', 'api/auth.spec.ts', 'api/openapi.spec.ts'];
// Not under test-results/: every run empties that folder.
const dir = path.join(REPO_ROOT, 'reports', 'shard-check');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });

type JsonSpec = { title: string; tests: { results: { status: string; attachments: { name: string }[] }[] }[] };
type JsonSuite = { specs?: JsonSpec[]; suites?: JsonSuite[] };
const specsOf = (suite: JsonSuite): JsonSpec[] => [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(specsOf)];

const counts: number[] = [];
for (const shard of [1, 2]) {
  const out = path.join(dir, `list-${shard}.json`);
  // What this shard holds, listed without running.
  await execa('npx', ['playwright', 'test', ...selection, `--shard=${shard}/2`, '--list', '--reporter=json'], { cwd: REPO_ROOT, stdout: { file: out } });
  counts.push(specsOf(JSON.parse(fs.readFileSync(out, 'utf8'))).length);
  const run = await execa('npx', ['playwright', 'test', ...selection, `--shard=${shard}/2`, '--reporter=blob', '--trace=on'], {
    cwd: REPO_ROOT,
    reject: false,
    env: { PLAYWRIGHT_BLOB_OUTPUT_FILE: path.join(dir, 'blobs', `shard-${shard}.zip`) },
  });
  console.log(`shard ${shard}/2: ${counts[shard - 1]} test(s), exit ${run.exitCode}`);
}
const mergedFile = path.join(dir, 'merged.json');
await execa('npx', ['playwright', 'merge-reports', '--reporter=json', path.join(dir, 'blobs')], { cwd: REPO_ROOT, env: { PLAYWRIGHT_JSON_OUTPUT_FILE: mergedFile } });
const specs = specsOf(JSON.parse(fs.readFileSync(mergedFile, 'utf8')));
const withTrace = specs.filter((s) => s.tests.some((t) => t.results.some((r) => r.attachments.some((a) => a.name === 'trace'))));
const problems = [
  counts.some((n) => n === 0) && `a shard held no test (${counts.join(' + ')}): choose a larger selection`,
  specs.length !== counts[0]! + counts[1]! && `the merged report holds ${specs.length} tests, the shards ${counts.join(' + ')}`,
  withTrace.length !== specs.length && `${specs.length - withTrace.length} merged test(s) lost their trace`,
].filter(Boolean);
if (problems.length) {
  console.error(`✗ ${problems.join('; ')}`);
  process.exit(1);
}
// The same merge as HTML, what a CI job publishes.
await execa('npx', ['playwright', 'merge-reports', '--reporter=html', path.join(dir, 'blobs')], {
  cwd: REPO_ROOT,
  env: { PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(dir, 'html'), PLAYWRIGHT_HTML_OPEN: 'never' },
});
console.log(`✓ ${specs.length} tests from 2 shards (${counts.join(' + ')}) in one report, each with its trace: ${path.relative(REPO_ROOT, path.join(dir, 'html'))}/index.html`);
