import { test, expect } from '../fixtures/index.ts';
import { consoleErrors } from './support/console.ts';
import { auth, listEpisodes, startRun } from './support/episodes.ts';

test('INT-157 the sidebar lists live sessions and opens each in its workflow', { tag: ['@p0', '@frontend', '@INT-157'] }, async ({ page, controller, sessionId, stack }, testInfo) => {
  const console = consoleErrors(page);
  const engineerTask = `Design a bracket (${sessionId})`;
  const benchmarkPrompt = `A ball must roll into a bin (${sessionId})`;
  let engineerId = '';
  let benchmarkSession = '';

  await test.step('two sessions exist in the controller: an engineer run and a benchmark', async () => {
    engineerId = await startRun(controller, sessionId, engineerTask);
    const res = await controller.post('/benchmark/generate', { headers: auth, data: { prompt: benchmarkPrompt } });
    expect(res.status(), await res.text()).toBe(202);
    benchmarkSession = (await res.json()).session_id;
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
  });

  await test.step('a benchmark session opens /benchmark, "Benchmark Pipeline"', async () => {
    await page.getByTestId('session-list').getByRole('button', { name: benchmarkPrompt }).click();
    await expect(page).toHaveURL(/\/benchmark\?episode=/);
    await expect(page.getByRole('heading', { name: 'Benchmark Pipeline' })).toBeVisible();
    await expect(page.locator('.chat-title')).toHaveText(benchmarkPrompt);
    expect(benchmarkSession).toBeTruthy();
  });

  await test.step('screenshots of the main screens, light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      if (!(await page.locator('html').getAttribute('class'))?.includes(theme)) await page.getByTestId('theme-toggle').click();
      await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${theme}\\b`));
      await testInfo.attach(`benchmark-pipeline-${theme}`, { body: await page.screenshot(), contentType: 'image/png' });
    }
  });

  await test.step('an engineer session opens /, "Engineer Workspace"', async () => {
    await page.getByTestId('session-list').getByRole('button', { name: engineerTask }).click();
    await expect(page).toHaveURL(new RegExp(`/\\?episode=${engineerId}$`));
    await expect(page.getByRole('heading', { name: 'Engineer Workspace' })).toBeVisible();
    await expect(page.locator('.chat-title')).toHaveText(engineerTask);
    for (const theme of ['dark', 'light'] as const) {
      if (!(await page.locator('html').getAttribute('class'))?.includes(theme)) await page.getByTestId('theme-toggle').click();
      await testInfo.attach(`engineer-workspace-${theme}`, { body: await page.screenshot(), contentType: 'image/png' });
    }
  });

  await test.step('expected failure: an unknown session shows the API\'s 404 as a readable message', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await controller.get(`/episodes/${unknown}`, { headers: auth })).status()).toBe(404);
    await page.goto(`/?episode=${unknown}`);
    await expect(page.getByRole('alert')).toContainText('Could not load this session');
  });

  await test.step('expected failure: with the controller down the page says so instead of going blank', async () => {
    if (!stack.instance) {
      testInfo.annotations.push({ type: 'skipped step', description: 'an attached stack cannot stop its controller' });
      return;
    }
    await stack.instance!.stack.stopService('controller');
    try {
      await page.goto('/');
      await expect(page.getByTestId('startup-error')).toContainText('cannot reach its controller');
      await testInfo.attach('controller-down', { body: await page.screenshot(), contentType: 'image/png' });
    } finally {
      await stack.instance!.stack.startService('controller');
    }
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { name: 'Engineer Workspace' })).toBeVisible();
  });

  expect(console.list([/status of 404.*episodes\/00000000-/, /ERR_CONNECTION_REFUSED/])).toEqual([]);
});
