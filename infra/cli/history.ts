// `npm run history [-- N]`: what the last N runs (default 20) say about each test: flaky ones,
// slowest ones; writes reports/history.html with each test's outcome strip and duration plot.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../paths.ts';
import { historyFile, type HistoryRun } from '../reporters/history-file.ts';
import { renderHtml, summarize } from '../reporters/history-report.ts';

const window = Number(process.argv[2] ?? 20);
const file = historyFile();
const runs: HistoryRun[] = fs.existsSync(file)
  ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as HistoryRun)
  : [];
const summary = summarize(runs, window);
const out = path.join(REPO_ROOT, 'reports', 'history.html');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, renderHtml(summary));

console.log(`${summary.runs} run(s) in ${path.relative(REPO_ROOT, file) || file}; the last ${summary.window}:`);
console.log(`\nflaky (${summary.flaky.length}):`);
for (const t of summary.flaky) console.log(`  ${t.outcomes.map((o) => ({ expected: '✓', unexpected: '✘', flaky: '~', skipped: '-' })[o]).join('')}  ${t.id}`);
console.log('\nslowest (median):');
for (const t of summary.slowest) console.log(`  ${String(Math.round(t.medianMs)).padStart(7)} ms  ${t.id}`);
console.log(`\nwritten to ${path.relative(REPO_ROOT, out)}`);
