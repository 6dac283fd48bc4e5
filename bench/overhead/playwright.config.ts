// Measures the harness's per-test cost: the same global setup and fixtures as the suite.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: ['*.bench.ts'],
  globalSetup: '../../global-setup.ts',
  outputDir: '../../test-results/bench',
  workers: 1,
  reporter: [['dot']],
});
