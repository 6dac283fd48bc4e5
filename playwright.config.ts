import { defineConfig, devices, type ReporterDescription } from '@playwright/test';
import { loadEnv } from './infra/env.ts';
import { tag } from './infra/tags.ts';

// Before workers fork, so they inherit .env too.
loadEnv();

const CI = !!process.env.CI;

const reporters: ReporterDescription[] = [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }], ['./infra/reporters/history.ts']];
if (CI) reporters.push(['junit', { outputFile: 'reports/junit.xml' }], ['blob', { outputDir: 'blob-report' }]);

export default defineConfig({
  testDir: '.',
  testMatch: ['api/**/*.spec.ts', 'e2e/**/*.spec.ts'],
  globalSetup: './global-setup.ts',
  outputDir: 'test-results',
  fullyParallel: true,
  forbidOnly: CI,
  // On CI one retry tells a flaky test (passed on the retry) from a broken one; the history keeps both.
  retries: CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: reporters,
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'p0', grep: tag('p0') },
    { name: 'p1', grep: tag('p1') },
    { name: 'p2', grep: tag('p2') },
    { name: 'frontend', grep: tag('frontend'), use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 720 } } },
  ],
});
