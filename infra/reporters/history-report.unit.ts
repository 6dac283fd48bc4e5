import { expect, test } from '@playwright/test';
import type { HistoryRun, HistoryTest } from './history-file.ts';
import { renderHtml, summarize } from './history-report.ts';

const t = (id: string, outcome: HistoryTest['outcome'], duration_ms: number): HistoryTest => ({ id, project: 'p0', file: 'a.spec.ts', title: id, outcome, duration_ms, retries: outcome === 'flaky' ? 1 : 0 });
const run = (...tests: HistoryTest[]): HistoryRun => ({ started_at: '2026-12-02T00:00:00Z', status: 'passed', duration_ms: 1, ci: false, shard: null, tests });

test('a test that flipped between pass and fail is flaky; a steady one is not; the slowest come first', () => {
  const s = summarize([
    run(t('steady', 'expected', 100), t('flipper', 'expected', 10), t('retried', 'expected', 5)),
    run(t('steady', 'expected', 120), t('flipper', 'unexpected', 12), t('retried', 'flaky', 7)),
    run(t('steady', 'expected', 110), t('flipper', 'expected', 11), t('retried', 'expected', 6)),
  ]);
  expect(s.flaky.map((x) => [x.id, x.flips])).toEqual([['flipper', 2], ['retried', 0]]);
  expect(s.tests.find((x) => x.id === 'steady')).toMatchObject({ flaky: false, outcomes: ['expected', 'expected', 'expected'], medianMs: 110 });
  expect(s.slowest[0]!.id).toBe('steady');
  const html = renderHtml(s);
  expect(html).toContain('flipper');
  expect(html).toContain('<polyline');
});

test('expected failure: a window keeps only the last runs, and a test that always failed is not flaky', () => {
  const runs = Array.from({ length: 5 }, (_, i) => run(t('broken', 'unexpected', i)));
  const s = summarize(runs, 3);
  expect(s).toMatchObject({ runs: 5, window: 3 });
  expect(s.tests[0]).toMatchObject({ outcomes: ['unexpected', 'unexpected', 'unexpected'], durations: [2, 3, 4], flaky: false });
});
