// Unit tests for pure logic (path resolution, geometry, parsers, validators, provider
// selection): same runner and expect as the suite, no stack; the global setup only gives the run
// a scratch folder.
import { defineConfig, type ReporterDescription } from '@playwright/test';

const reporters: ReporterDescription[] = [['list']];
if (process.env.CI) reporters.push(['junit', { outputFile: 'reports/unit-junit.xml' }]);

export default defineConfig({
  testDir: '.',
  testMatch: ['**/*.unit.ts'],
  testIgnore: ['node_modules/**'],
  outputDir: 'test-results/unit',
  fullyParallel: true,
  globalSetup: './infra/runtime/unit-scratch.ts',
  reporter: reporters,
});
