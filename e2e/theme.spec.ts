import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures/workbench.ts';
import { completedRun } from '../fixtures/workbench/controller.ts';

type Rgb = [number, number, number];
const LIGHT_CANVAS: Rgb = [244, 246, 248]; // #f4f6f8, the 3D views' light background
const DARK_CANVAS: Rgb = [22, 27, 34]; // #161b22

/** A corner pixel of the visible 3D view: its background (the model is framed in the middle). */
function canvasCorner(page: Page): Promise<Rgb> {
  return page.locator('.tabpanel [data-testid="viewer-canvas"]').evaluate((gl) => {
    const c = document.createElement('canvas');
    c.width = (gl as HTMLCanvasElement).width;
    c.height = (gl as HTMLCanvasElement).height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(gl as HTMLCanvasElement, 0, 0);
    return [...ctx.getImageData(2, 2, 1, 1).data.slice(0, 3)] as [number, number, number];
  });
}

/** WCAG contrast ratio of the code's text against the editor's background. */
function codeContrast(page: Page): Promise<number> {
  return page.getByTestId('code-viewer').locator('.cm-editor').evaluate((editor) => {
    const rgb = (css: string) => css.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    const text = lum(rgb(getComputedStyle(editor.querySelector('.cm-line')!).color));
    const back = lum(rgb(getComputedStyle(editor).backgroundColor));
    return (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05);
  });
}

// The theme is a client-only feature: the backend stores nothing for it. Its effects are the
// preference stored in the browser, the class on <html>, and what every view paints.
test('INT-169 the theme toggle persists across reloads as a class on <html>', { tag: ['@p2', '@frontend', '@INT-169'] }, async ({ page, controller, sessionId }) => {
  test.setTimeout(120_000);
  const html = page.locator('html');
  const stored = () => page.evaluate(() => localStorage.getItem('workbench.theme'));
  const code = page.getByTestId('code-viewer');
  const episode = await test.step('a finished run, so the code viewer and the 3D view have something to show', () => completedRun(controller, sessionId, 'Design a tray'));

  await test.step('with no stored preference the app follows the system: light', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`/?episode=${episode.id}`);
    await expect(code.locator('.cm-content')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('model-part').first()).toBeVisible({ timeout: 20_000 });
    await expect(html).toHaveClass(/\blight\b/);
    expect(await stored()).toBeNull();
    await expect(code.locator('.cm-theme-light')).toBeVisible();
    await expect.poll(() => canvasCorner(page)).toEqual(LIGHT_CANVAS);
  });

  await test.step('toggling switches every view to dark at once, readable, and stores the choice', async () => {
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(html).toHaveClass(/\bdark\b/);
    await expect(html).not.toHaveClass(/\blight\b/);
    expect(await stored()).toBe('dark');
    await expect(code.locator('.cm-theme-dark')).toBeVisible();
    await expect(code.locator('.cm-theme-light')).toHaveCount(0);
    expect(await codeContrast(page)).toBeGreaterThanOrEqual(4.5);
    await expect.poll(() => canvasCorner(page)).toEqual(DARK_CANVAS);
    await page.getByRole('tab', { name: 'Simulation' }).click();
    await expect.poll(() => canvasCorner(page)).toEqual(DARK_CANVAS);
  });

  await test.step('a reload keeps dark, from the stored preference', async () => {
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.reload();
    await expect(html).toHaveClass(/\bdark\b/);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(background);
    await expect(code.locator('.cm-theme-dark')).toBeVisible({ timeout: 20_000 });
  });

  await test.step('the preference holds on the other route', async () => {
    await page.goto('/benchmark');
    await expect(page.getByRole('heading', { name: 'Benchmark Pipeline' })).toBeVisible();
    await expect(html).toHaveClass(/\bdark\b/);
  });

  await test.step('toggling back by keyboard turns every view light again, and a reload keeps it', async () => {
    await page.goto(`/?episode=${episode.id}`);
    await expect(page.getByTestId('model-part').first()).toBeVisible({ timeout: 20_000 });
    await expect.poll(() => canvasCorner(page)).toEqual(DARK_CANVAS);
    await page.getByRole('button', { name: 'Switch to light theme' }).focus();
    await page.keyboard.press('Enter');
    await expect(html).toHaveClass(/\blight\b/);
    expect(await stored()).toBe('light');
    await expect(code.locator('.cm-theme-light')).toBeVisible();
    expect(await codeContrast(page)).toBeGreaterThanOrEqual(4.5);
    await expect.poll(() => canvasCorner(page)).toEqual(LIGHT_CANVAS);
    await page.reload();
    await expect(html).toHaveClass(/\blight\b/);
    await expect(code.locator('.cm-theme-light')).toBeVisible({ timeout: 20_000 });
  });

});
