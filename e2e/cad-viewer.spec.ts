import { test, expect } from '../fixtures/index.ts';
import { consoleErrors } from './support/console.ts';
import { auth, completedRun } from './support/episodes.ts';

test('INT-165 CAD viewer: part, face and subassembly modes, the model browser, selections into the prompt context', { tag: ['@p0', '@frontend', '@INT-165'] }, async ({ page, controller, sessionId }) => {
  test.setTimeout(120_000);
  const console = consoleErrors(page);
  const episode = await test.step('a finished run built and simulated a model', () => completedRun(controller, sessionId, 'Design a funnel'));

  await test.step('the model loads with the model browser on by default and Part mode active', async () => {
    await page.goto(`/?episode=${episode.id}`);
    const viewer = page.getByTestId('cad-viewer');
    await expect(viewer.getByTestId('model-browser')).toBeVisible({ timeout: 20_000 });
    await expect(viewer.getByTestId('model-part').first()).toBeVisible();
    await expect(viewer.getByTestId('viewer-canvas')).toBeVisible();
    await expect(viewer.getByTestId('mode-part')).toHaveAttribute('aria-pressed', 'true');
    await expect(viewer.getByTestId('mode-part')).toHaveClass(/active/);
  });

  await test.step('clicking a part in Part mode adds it to the context', async () => {
    const part = page.getByTestId('model-part').first();
    const name = (await part.getAttribute('data-part'))!;
    await part.click();
    await expect(page.getByTestId('context-card')).toHaveText([`Part ${name}`]);
  });

  await test.step('Face mode: a click on the model selects a face of the part under it', async () => {
    await page.getByTestId('mode-face').click();
    await expect(page.getByTestId('mode-face')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('mode-part')).toHaveAttribute('aria-pressed', 'false');
    // Click across the canvas until a click lands on the model (where it is depends on its shape).
    const canvas = page.getByTestId('viewer-canvas');
    const box = (await canvas.boundingBox())!;
    const face = page.getByTestId('context-card').filter({ hasText: /^Face \d+ of \S+/ });
    for (const [fx, fy] of [[0.5, 0.5], [0.45, 0.55], [0.55, 0.45], [0.4, 0.4], [0.6, 0.6], [0.35, 0.6], [0.65, 0.4], [0.5, 0.3], [0.5, 0.7], [0.3, 0.5], [0.7, 0.5]]) {
      await canvas.click({ position: { x: box.width * fx!, y: box.height * fy! } });
      if ((await face.count()) > 0) break;
    }
    await expect(page.getByTestId('context-card')).toHaveText([/^Face \d+ of \S+/]);
  });

  await test.step('Subassembly mode selects the group a part belongs to', async () => {
    await page.getByTestId('mode-subassembly').click();
    await expect(page.getByTestId('mode-subassembly')).toHaveClass(/active/);
    await page.getByTestId('model-part').first().click();
    await expect(page.getByTestId('context-card')).toHaveText([/^Subassembly /]);
  });

  await test.step('the model browser toggles off and on', async () => {
    await page.getByTestId('toggle-model-browser').click();
    await expect(page.getByTestId('model-browser')).toHaveCount(0);
    await expect(page.getByTestId('toggle-model-browser')).toHaveAttribute('aria-pressed', 'false');
    await page.getByTestId('toggle-model-browser').press('Enter');
    await expect(page.getByTestId('model-browser')).toBeVisible();
  });

  await test.step('the model the viewer shows is the one the controller serves', async () => {
    const res = await controller.get(`/episodes/${episode.id}/assets/script.glb`, { headers: auth });
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 4).toString()).toBe('glTF');
  });

  expect(console.list()).toEqual([]);
});

test('INT-167 the viewer loads the GLB through the controller\'s asset proxy; other methods are refused', { tag: ['@p0', '@frontend', '@INT-167'] }, async ({ page, controller, sessionId, stack }) => {
  test.setTimeout(120_000);
  const console = consoleErrors(page);
  const episode = await test.step('a finished run built a model', () => completedRun(controller, sessionId, 'Design a cradle'));

  await test.step('the browser fetches the GLB from the controller\'s /episodes/{id}/assets/ path', async () => {
    const glb = page.waitForResponse((r) => /\.glb$/.test(new URL(r.url()).pathname));
    await page.goto(`/?episode=${episode.id}`);
    const res = await glb;
    const url = new URL(res.url());
    expect(url.origin).toBe(new URL(stack.urls.controller!).origin);
    expect(url.pathname).toBe(`/episodes/${episode.id}/assets/script.glb`);
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 4).toString()).toBe('glTF');
    await expect(page.getByTestId('model-part').first()).toBeVisible();
  });

  await test.step('no model comes from anywhere else (no local mock geometry)', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.reload();
    await expect(page.getByTestId('model-part').first()).toBeVisible();
    const models = requests.filter((u) => /\.(glb|gltf|stl|obj)(\?|$)/.test(u));
    expect(models.length).toBeGreaterThan(0);
    for (const u of models) expect(u.startsWith(`${stack.urls.controller}/episodes/${episode.id}/assets/`)).toBe(true);
  });

  await test.step('expected failure: POST, PUT and DELETE on the proxy are refused (405)', async () => {
    for (const method of ['post', 'put', 'delete'] as const) {
      const res = await controller[method](`/episodes/${episode.id}/assets/script.glb`, { headers: auth, data: {} });
      expect(res.status(), method).toBe(405);
    }
  });

  expect(console.list()).toEqual([]);
});
