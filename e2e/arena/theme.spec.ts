// Light and dark themes: a client preference (localStorage), a class on <html>, and what the 3D views paint.
import type { Page } from '@playwright/test';
import { expect, test } from '../../fixtures/arena.ts';
import { apiBattle, replaysReady, scrubTo } from './support/arena.ts';

type Rgb = [number, number, number];
const LIGHT_CANVAS: Rgb = [244, 246, 248]; // #f4f6f8
const DARK_CANVAS: Rgb = [22, 27, 34]; // #161b22

/** A corner pixel of the left 3D view: its background. */
function canvasCorner(page: Page): Promise<Rgb> {
  return page.getByTestId('viewer-canvas-left').evaluate((gl) => {
    const c = document.createElement('canvas');
    c.width = (gl as HTMLCanvasElement).width;
    c.height = (gl as HTMLCanvasElement).height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(gl as HTMLCanvasElement, 0, 0);
    return [...ctx.getImageData(2, 2, 1, 1).data.slice(0, 3)] as Rgb;
  });
}

test('INT-226 light and dark themes persist; screenshots of both attached to the report', { tag: ['@p2', '@frontend', '@INT-226'] }, async ({ page, backend }, testInfo) => {
  test.setTimeout(120_000);
  const html = page.locator('html');
  const stored = () => page.evaluate(() => localStorage.getItem('arena.theme'));
  const { sessionId } = await test.step('a voted battle with one turn, made through the API', () => apiBattle(backend, 'pick up the red cube', 'left_better'));
  const shoot = async (name: string) => testInfo.attach(name, { body: await page.screenshot(), contentType: 'image/png' });

  await test.step('with no stored preference the page follows the system: light', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`/?session=${sessionId}`);
    await replaysReady(page);
    await scrubTo(page, 'end');
    await expect(html).toHaveClass(/\blight\b/);
    expect(await stored()).toBeNull();
    await expect.poll(() => canvasCorner(page)).toEqual(LIGHT_CANVAS);
    await shoot('battle-light.png');
  });

  await test.step('the toggle switches to dark at once (page and 3D views) and stores it', async () => {
    await page.getByTestId('theme-toggle').click();
    await expect(html).toHaveClass(/\bdark\b/);
    await expect(html).not.toHaveClass(/\blight\b/);
    expect(await stored()).toBe('dark');
    await expect.poll(() => canvasCorner(page)).toEqual(DARK_CANVAS);
    await shoot('battle-dark.png');
  });

  await test.step('dark survives a reload even with a light system preference, on every page', async () => {
    await page.reload();
    await replaysReady(page);
    await expect(html).toHaveClass(/\bdark\b/);
    await expect.poll(() => canvasCorner(page)).toEqual(DARK_CANVAS);
    await page.getByTestId('nav-leaderboard').click();
    await expect(html).toHaveClass(/\bdark\b/);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(13, 17, 23)');
  });

  await test.step('expected failure: a stored value that is no theme is ignored (the system preference applies)', async () => {
    await page.evaluate(() => localStorage.setItem('arena.theme', 'purple'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await expect(html).toHaveClass(/\bdark\b/);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.reload();
    await expect(html).toHaveClass(/\blight\b/);
    await page.getByTestId('theme-toggle').click();
    expect(await stored()).toBe('dark');
  });
});
