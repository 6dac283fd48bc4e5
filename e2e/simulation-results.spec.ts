import { PNG } from 'pngjs';
import { test, expect } from '../fixtures/workbench.ts';
import { completedRun } from '../fixtures/workbench/controller.ts';

test('INT-069 the Results tab shows a completed run\'s simulation outputs from its real assets: outcome, video and renders', { tag: ['@p1', '@frontend', '@INT-069'] }, async ({ page, controller, sessionId }) => {
  test.setTimeout(120_000);
  // Scenario INT-069 = INT-166's full-mode ramp run: a full simulation renders its views and a video.
  const episode = await test.step('a finished run simulated in full mode; its renders and video are among its assets', () => completedRun(controller, sessionId, 'Design a slow ramp'));
  const paths = episode.assets.map((a) => a.path);
  expect(paths).toEqual(expect.arrayContaining(['simulation_result.json', 'renders/front.png', 'renders/side.png', 'renders/top.png', 'renders/iso.png', 'renders/simulation.mp4']));
  const result = await (await controller.get(`/episodes/${episode.id}/assets/simulation_result.json`)).json();

  await page.goto(`/?episode=${episode.id}`);
  await page.getByRole('tab', { name: 'Results' }).click();
  const panel = page.getByTestId('simulation-results');

  await test.step('the outcome is the one in simulation_result.json', async () => {
    await expect(panel.getByTestId('simulation-outcome')).toContainText(result.success ? 'Success' : `Failed: ${result.failure.reason}`);
    await expect(panel.getByTestId('simulation-outcome')).toContainText(`${result.time_elapsed_s.toFixed(2)} s`);
  });

  await test.step('four renders are drawn, each the PNG the controller serves for it (front, side, top, iso)', async () => {
    const images = panel.getByRole('img');
    await expect(images).toHaveCount(4);
    for (const [i, view] of ['front', 'side', 'top', 'iso'].entries()) {
      const img = images.nth(i);
      await expect(img).toHaveAttribute('alt', `${view} view`);
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(PNG.sync.read(Buffer.from(await (await controller.get(`/episodes/${episode.id}/assets/renders/${view}.png`)).body())).width);
    }
  });

  await test.step('the video element plays the run\'s MP4: its duration is the simulated time', async () => {
    const video = panel.getByTestId('simulation-video');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const seconds = await video.evaluate((v: HTMLVideoElement) => v.duration);
    expect(seconds).toBeGreaterThan(result.time_elapsed_s - 0.5);
    expect(seconds).toBeLessThan(result.time_elapsed_s + 0.5);
  });

  await test.step('expected failure: a run that has not simulated shows no outcome, no video and no renders, and says why', async () => {
    // A run in INT-030's scenario only runs a long job on the light worker: it never simulates.
    const res = await controller.post('/agent/run', { data: { task: 'Run a long job', session_id: `INT-030-${sessionId.slice(-8)}` } });
    expect(res.status()).toBe(202);
    const other = (await res.json()).episode_id as string;
    try {
      await page.goto(`/?episode=${other}`);
      await page.getByRole('tab', { name: 'Results' }).click();
      await expect(page.getByText('No simulation outputs yet')).toBeVisible();
      await expect(page.getByTestId('simulation-results')).toHaveCount(0);
      await expect(page.getByTestId('simulation-video')).toHaveCount(0);
    } finally {
      await controller.post(`/episodes/${other}/interrupt`);
    }
  });
});
