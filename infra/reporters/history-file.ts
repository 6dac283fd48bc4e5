// The run history's file and record shapes, shared by the reporter and `npm run history`.
import path from 'node:path';
import { STACK_DIR } from '../paths.ts';

export interface HistoryTest {
  /** Project and title path: stable across runs. */
  id: string;
  project: string;
  file: string;
  title: string;
  /** Playwright's verdict: 'expected' (passed), 'unexpected' (failed), 'flaky' (passed on a retry), 'skipped'. */
  outcome: 'expected' | 'unexpected' | 'flaky' | 'skipped';
  duration_ms: number;
  retries: number;
}

export interface HistoryRun {
  started_at: string;
  status: string;
  duration_ms: number;
  ci: boolean;
  shard: string | null;
  tests: HistoryTest[];
}

export const historyFile = () => path.resolve(process.env.TEST_HISTORY_FILE || path.join(STACK_DIR, 'history.jsonl'));
