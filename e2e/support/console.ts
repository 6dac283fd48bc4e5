import type { Page } from '@playwright/test';

/**
 * Collects the page's console errors and uncaught exceptions. Tests assert the list is empty;
 * `expected` drops the ones a test provokes on purpose (e.g. the 422 of an invalid range).
 */
export function consoleErrors(page: Page): { list(expected?: RegExp[]): string[] } {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return { list: (expected = []) => errors.filter((e) => !expected.some((re) => re.test(e))) };
}
