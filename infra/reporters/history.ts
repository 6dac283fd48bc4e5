// A reporter that remembers: each run appends one JSON line with every test's outcome,
// duration, retries and project to the history file (TEST_HISTORY_FILE, default
// .stack/history.jsonl), locally and on CI, and in `merge-reports` for merged shards.
// `npm run history` reads it.
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase } from '@playwright/test/reporter';
import { historyFile, type HistoryRun, type HistoryTest } from './history-file.ts';

export default class HistoryReporter implements Reporter {
  private root?: Suite;
  private config?: FullConfig;
  private readonly started = new Date();

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.root = suite;
  }

  onEnd(result: FullResult): void {
    const tests = (this.root?.allTests() ?? []).filter((t) => t.results.length > 0).map(toRecord);
    if (tests.length === 0) return; // --list, or nothing selected
    const run: HistoryRun = {
      started_at: this.started.toISOString(),
      status: result.status,
      duration_ms: Math.round(result.duration),
      ci: !!process.env.CI,
      shard: this.config?.shard ? `${this.config.shard.current}/${this.config.shard.total}` : null,
      tests,
    };
    const file = historyFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `${JSON.stringify(run)}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}

function toRecord(test: TestCase): HistoryTest {
  const project = test.parent.project()?.name ?? '';
  return {
    id: `${project} › ${test.titlePath().slice(2).join(' › ')}`,
    project,
    file: test.location.file,
    title: test.title,
    outcome: test.outcome(),
    duration_ms: test.results.reduce((sum, r) => sum + r.duration, 0),
    retries: test.results.length - 1,
  };
}
