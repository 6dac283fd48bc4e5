import { expectBrowserErrors, test, expect } from '../fixtures/workbench.ts';
import { completedRun, getEpisode, listEpisodes } from '../fixtures/workbench/controller.ts';

test('INT-157 the sidebar lists live sessions and opens each in its workflow', { tag: ['@p0', '@frontend', '@INT-157'] }, async ({ page, controller, sessionId, stack }, testInfo) => {
  test.setTimeout(120_000);
  const engineerTask = `Design a bracket (${sessionId})`;
  const benchmarkPrompt = `A ball must roll into a bin (${sessionId})`;
  let engineerId = '';
  let benchmarkSession = '';
  const shoot = async (name: string) => testInfo.attach(name, { body: await page.screenshot(), contentType: 'image/png' });
  const setTheme = async (theme: 'light' | 'dark') => {
    if (!(await page.locator('html').getAttribute('class'))?.includes(theme)) await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${theme}\\b`));
  };

  await test.step('two sessions exist in the controller: a finished engineer run and a benchmark', async () => {
    const res = await controller.post('/benchmark/generate', { data: { prompt: benchmarkPrompt } });
    expect(res.status(), await res.text()).toBe(202);
    benchmarkSession = (await res.json()).session_id;
    engineerId = (await completedRun(controller, sessionId, engineerTask)).id;
    const tasks = (await listEpisodes(controller)).map((e) => e.task);
    expect(tasks).toContain(engineerTask);
    expect(tasks).toContain(benchmarkPrompt);
  });

  await test.step('the sidebar lists both from the live API', async () => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Engineer Workspace' })).toBeVisible();
    const list = page.getByTestId('session-list');
    await expect(list.getByRole('button', { name: engineerTask })).toBeVisible();
    await expect(list.getByRole('button', { name: benchmarkPrompt })).toBeVisible();
    await setTheme('light');
    await shoot('empty-workspace-light');
  });

  await test.step('a benchmark session opens /benchmark, "Benchmark Pipeline"', async () => {
    await page.getByTestId('session-list').getByRole('button', { name: benchmarkPrompt }).click();
    await expect(page).toHaveURL(/\/benchmark\?episode=/);
    await expect(page.getByRole('heading', { name: 'Benchmark Pipeline' })).toBeVisible();
    await expect(page.locator('.chat-title')).toHaveText(benchmarkPrompt);
    const opened = new URL(page.url()).searchParams.get('episode')!;
    expect((await getEpisode(controller, opened)).session_id).toBe(benchmarkSession);
  });

  await test.step('screenshots of the benchmark pipeline, light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(theme);
      await shoot(`benchmark-pipeline-${theme}`);
    }
  });

  await test.step('an engineer session opens /, "Engineer Workspace", with its model and code', async () => {
    await page.getByTestId('session-list').getByRole('button', { name: engineerTask }).click();
    await expect(page).toHaveURL(new RegExp(`/\\?episode=${engineerId}$`));
    await expect(page.getByRole('heading', { name: 'Engineer Workspace' })).toBeVisible();
    await expect(page.locator('.chat-title')).toHaveText(engineerTask);
    await expect(page.getByTestId('model-part').first()).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('code-viewer').locator('.cm-content')).toBeVisible();
  });

  await test.step('screenshots of the finished engineer session, dark and light (every view follows the toggle)', async () => {
    for (const theme of ['dark', 'light'] as const) {
      await setTheme(theme);
      await expect(page.getByTestId('code-viewer').locator(`.cm-theme-${theme}`)).toBeVisible();
      await shoot(`engineer-workspace-${theme}`);
    }
    await page.getByRole('tab', { name: 'Simulation' }).click();
    await expect(page.getByTestId('sim-time')).toHaveText('0.0s');
    await shoot('engineer-simulation-light');
    await page.getByRole('tab', { name: 'CAD' }).click();
  });

  await test.step('expected failure: an unknown session shows the API\'s 404 as a readable message', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await controller.get(`/episodes/${unknown}`)).status()).toBe(404);
    await page.goto(`/?episode=${unknown}`);
    await expect(page.getByRole('alert')).toContainText('Could not load this session');
  });

  await test.step('expected failure: the controller going away after load, and at start-up, is said on the page', async () => {
    if (stack.mode === 'attach') {
      testInfo.annotations.push({ type: 'skipped step', description: 'an attached stack cannot stop its controller' });
      return;
    }
    await page.goto(`/?episode=${engineerId}`);
    await expect(page.getByTestId('model-part').first()).toBeVisible({ timeout: 20_000 });
    await stack.stopService('controller');
    try {
      // The sidebar's periodic re-read is what notices; the last loaded session stays on screen.
      await expect(page.getByTestId('connection-lost')).toBeVisible({ timeout: 20_000 });
      await expect(page.locator('.chat-title')).toHaveText(engineerTask);
      await shoot('controller-lost-after-load');
      await page.goto('/');
      await expect(page.getByTestId('startup-error')).toContainText('cannot reach its controller');
      await shoot('controller-down');
    } finally {
      await stack.startService('controller');
    }
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { name: 'Engineer Workspace' })).toBeVisible();
    await expect(page.getByTestId('connection-lost')).toHaveCount(0);
    expect((await controller.get('/health')).status()).toBe(200);
  });

  expectBrowserErrors(/status of 404.*episodes\/00000000-/);
  expectBrowserErrors(/ERR_CONNECTION_REFUSED/);
});
