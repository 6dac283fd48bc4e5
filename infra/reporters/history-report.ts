// What the run history says (pure, unit-tested): per test its last outcomes and durations,
// which tests flipped between pass and fail (flaky), which are slowest; and the HTML page.
import type { HistoryRun, HistoryTest } from './history-file.ts';

export interface TestHistory {
  id: string;
  file: string;
  /** Oldest first, one per run that ran the test (up to the window). */
  outcomes: HistoryTest['outcome'][];
  durations: number[];
  /** Passed at one run and failed at another within the window, or passed only on a retry. */
  flaky: boolean;
  flips: number;
  medianMs: number;
}

export interface HistorySummary {
  runs: number;
  window: number;
  tests: TestHistory[];
  flaky: TestHistory[];
  slowest: TestHistory[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const passed = (o: HistoryTest['outcome']) => o === 'expected' || o === 'flaky';

export function summarize(runs: HistoryRun[], window = 20, slowest = 10): HistorySummary {
  const recent = runs.slice(-window);
  const byId = new Map<string, TestHistory>();
  for (const run of recent) {
    for (const t of run.tests) {
      if (t.outcome === 'skipped') continue;
      let h = byId.get(t.id);
      if (!h) byId.set(t.id, (h = { id: t.id, file: t.file, outcomes: [], durations: [], flaky: false, flips: 0, medianMs: 0 }));
      h.outcomes.push(t.outcome);
      h.durations.push(t.duration_ms);
    }
  }
  const tests = [...byId.values()].map((h) => {
    let flips = 0;
    for (let i = 1; i < h.outcomes.length; i++) if (passed(h.outcomes[i]!) !== passed(h.outcomes[i - 1]!)) flips++;
    return { ...h, flips, flaky: flips > 0 || h.outcomes.includes('flaky'), medianMs: median(h.durations) };
  });
  tests.sort((a, b) => a.id.localeCompare(b.id));
  return {
    runs: runs.length,
    window: recent.length,
    tests,
    flaky: tests.filter((t) => t.flaky).sort((a, b) => b.flips - a.flips),
    slowest: [...tests].sort((a, b) => b.medianMs - a.medianMs).slice(0, slowest),
  };
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const COLOURS: Record<HistoryTest['outcome'], string> = { expected: '#2e9e5b', unexpected: '#d64545', flaky: '#e0a030', skipped: '#999' };

function strip(outcomes: HistoryTest['outcome'][]): string {
  return `<svg width="${outcomes.length * 12}" height="14" role="img" aria-label="${outcomes.join(' ')}">${outcomes
    .map((o, i) => `<rect x="${i * 12}" y="1" width="10" height="12" rx="2" fill="${COLOURS[o]}"><title>${o}</title></rect>`)
    .join('')}</svg>`;
}

/** A duration trend: one point per run, scaled to the test's own range. */
function plot(durations: number[]): string {
  const w = 160;
  const h = 28;
  const max = Math.max(...durations, 1);
  const x = (i: number) => (durations.length === 1 ? w / 2 : (i / (durations.length - 1)) * (w - 4) + 2);
  const y = (d: number) => h - 2 - (d / max) * (h - 4);
  const points = durations.map((d, i) => `${x(i).toFixed(1)},${y(d).toFixed(1)}`).join(' ');
  return `<svg width="${w}" height="${h}" role="img" aria-label="durations ${durations.map((d) => Math.round(d)).join(' ')} ms"><polyline points="${points}" fill="none" stroke="#3b6fd8" stroke-width="1.5"/>${durations
    .map((d, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(d).toFixed(1)}" r="2" fill="#3b6fd8"><title>${Math.round(d)} ms</title></circle>`)
    .join('')}</svg>`;
}

const row = (t: TestHistory) =>
  `<tr><td>${escape(t.id)}</td><td>${strip(t.outcomes)}</td><td>${plot(t.durations)}</td><td class="n">${Math.round(t.medianMs)} ms</td><td class="n">${t.flips}</td></tr>`;

export function renderHtml(summary: HistorySummary): string {
  const table = (title: string, tests: TestHistory[], empty: string) =>
    `<h2>${title}</h2>${
      tests.length === 0
        ? `<p>${empty}</p>`
        : `<table><thead><tr><th>test</th><th>last ${summary.window} outcomes (oldest first)</th><th>duration trend</th><th>median</th><th>flips</th></tr></thead><tbody>${tests.map(row).join('')}</tbody></table>`
    }`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Test history</title><style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin-bottom:24px}td,th{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:middle}.n{text-align:right;white-space:nowrap}
</style></head><body><h1>Test history</h1><p>${summary.runs} run(s) recorded; the last ${summary.window} shown. Green passed, red failed, amber passed on a retry.</p>
${table('Flaky: flipped between pass and fail, or passed only on a retry', summary.flaky, 'No test flipped in this window.')}
${table('Slowest (median duration)', summary.slowest, 'No runs yet.')}
${table('Every test', summary.tests, 'No runs yet.')}
</body></html>`;
}
