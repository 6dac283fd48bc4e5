import { test, expect } from '../fixtures/index.ts';
import { consoleErrors } from './support/console.ts';

test('INT-169 the theme toggle persists across reloads as a class on <html>', { tag: ['@p2', '@frontend', '@INT-169'] }, async ({ page, controller }) => {
  const console = consoleErrors(page);
  const html = page.locator('html');

  await test.step('the app starts against a healthy controller in the light theme', async () => {
    expect((await controller.get('/health')).status()).toBe(200);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    await expect(page.getByTestId('app-layout')).toBeVisible();
    await expect(html).toHaveClass(/\blight\b/);
  });

  await test.step('toggling switches to dark, and a reload keeps it', async () => {
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(html).toHaveClass(/\bdark\b/);
    await expect(html).not.toHaveClass(/\blight\b/);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.reload();
    await expect(html).toHaveClass(/\bdark\b/);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(background);
  });

  await test.step('the preference holds on the other route, and toggles back by keyboard', async () => {
    await page.goto('/benchmark');
    await expect(html).toHaveClass(/\bdark\b/);
    await page.getByRole('button', { name: 'Switch to light theme' }).focus();
    await page.keyboard.press('Enter');
    await expect(html).toHaveClass(/\blight\b/);
    await page.reload();
    await expect(html).toHaveClass(/\blight\b/);
  });

  expect(console.list()).toEqual([]);
});
