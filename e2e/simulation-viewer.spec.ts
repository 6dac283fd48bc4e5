import { test, expect } from '../fixtures/index.ts';
import { consoleErrors } from './support/console.ts';
import { auth, completedRun } from './support/episodes.ts';

test('INT-166 simulation timeline: play/pause, seek in seconds, rewind, from the real trajectory', { tag: ['@p1', '@frontend', '@INT-166'] }, async ({ page, controller, sessionId }) => {
  test.setTimeout(120_000);
  const console = consoleErrors(page);
  const episode = await test.step('a finished run simulated its design', () => completedRun(controller, sessionId, 'Design a slide'));
  const clip = await test.step('the controller serves the trajectory file', async () => {
    const res = await controller.get(`/episodes/${episode.id}/assets/simulation_trajectory.json`, { headers: auth });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { frames: { t: number }[] };
    expect(body.frames.length).toBeGreaterThan(2);
    return body.frames.at(-1)!.t;
  });
  const time = page.getByTestId('sim-time');

  await test.step('the Simulation tab loads the clip at 0.0s', async () => {
    const trajectory = page.waitForResponse((r) => r.url().endsWith(`/episodes/${episode.id}/assets/simulation_trajectory.json`));
    await page.goto(`/?episode=${episode.id}`);
    await page.getByRole('tab', { name: 'Simulation' }).click();
    expect((await trajectory).status()).toBe(200);
    await expect(time).toHaveText('0.0s');
    await expect(page.getByText(`/ ${clip.toFixed(1)}s`)).toBeVisible();
  });

  await test.step('seeking to the middle shows the middle time in seconds', async () => {
    await page.getByRole('slider', { name: 'Seek' }).fill(String(clip / 2));
    await expect(time).toHaveText(`${(clip / 2).toFixed(1)}s`);
  });

  await test.step('play advances time, pause holds it', async () => {
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(async () => parseFloat((await time.textContent())!)).toBeGreaterThan(clip / 2);
    await page.getByRole('button', { name: 'Pause' }).click();
    // Paused once Play is back; let a frame already scheduled land before sampling the time.
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const held = await time.textContent();
    await page.waitForTimeout(400);
    await expect(time).toHaveText(held!);
  });

  await test.step('rewind returns to 0.0s', async () => {
    await page.getByRole('button', { name: 'Rewind' }).click();
    await expect(time).toHaveText('0.0s');
  });

  await test.step('expected failure: a trajectory that does not exist is a 404 from the proxy', async () => {
    const res = await controller.get(`/episodes/${episode.id}/assets/no_such_trajectory.json`, { headers: auth });
    expect(res.status()).toBe(404);
  });

  expect(console.list()).toEqual([]);
});
