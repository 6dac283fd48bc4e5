import { test, expect } from '../fixtures/workbench.ts';
import { completedRun } from '../fixtures/workbench/controller.ts';

type Frame = { t: number; poses: Record<string, number[]> };

test('INT-166 simulation timeline: play/pause, seek in seconds, rewind, from the real trajectory', { tag: ['@p1', '@frontend', '@INT-166'] }, async ({ page, controller, sessionId }) => {
  test.setTimeout(120_000);
  // Scenario INT-166 (services/model-server/scenarios.yaml): a ball rolls down a long, gentle ramp
  // against a lip in the goal zone; the full-mode simulation ends once it has rested there 0.5 s, 10 s in.
  const episode = await test.step('a finished run simulated its design in full mode', () => completedRun(controller, sessionId, 'Design a slow ramp'));
  const clip = await test.step('the controller serves a 10 s trajectory in which the ball really moves', async () => {
    const res = await controller.get(`/episodes/${episode.id}/assets/simulation_trajectory.json`);
    expect(res.status()).toBe(200);
    const { frames } = (await res.json()) as { frames: Frame[] };
    const [first, last] = [frames[0]!, frames.at(-1)!];
    expect(last.t).toBeCloseTo(10, 1);
    expect(last.poses.ball![0]! - first.poses.ball![0]!).toBeGreaterThan(0.5);
    const result = await controller.get(`/episodes/${episode.id}/assets/simulation_result.json`);
    expect(await result.json()).toMatchObject({ success: true, smoke_test_mode: false, time_elapsed_s: last.t });
    return last.t;
  });
  const time = page.getByTestId('sim-time');
  const play = page.getByRole('button', { name: 'Play' });
  const pause = page.getByRole('button', { name: 'Pause' });
  const canvasImage = () => page.getByTestId('simulation-player').getByTestId('viewer-canvas').evaluate((c) => (c as HTMLCanvasElement).toDataURL());

  // Playback follows the page's clock (requestAnimationFrame, performance.now). The test owns that
  // clock, so "playing advances, paused holds" is checked without racing the end of the clip.
  await page.clock.install();

  await test.step('the Simulation tab loads the clip at 0.0s, its length from the trajectory', async () => {
    const trajectory = page.waitForResponse((r) => r.url().endsWith(`/episodes/${episode.id}/assets/simulation_trajectory.json`));
    await page.goto(`/?episode=${episode.id}`);
    await page.getByRole('tab', { name: 'Simulation' }).click();
    expect((await trajectory).status()).toBe(200);
    await expect(time).toHaveText('0.0s');
    await expect(page.getByText(`/ ${clip.toFixed(1)}s`)).toBeVisible();
    await expect(page.getByTestId('simulation-player').getByTestId('viewer-canvas')).toBeVisible();
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
  });

  await test.step('seeking to the middle of the 10 s clip shows 5.0s', async () => {
    await page.getByRole('slider', { name: 'Seek' }).fill(String(clip / 2));
    await expect(time).toHaveText(`${(clip / 2).toFixed(1)}s`);
    expect((clip / 2).toFixed(1)).toBe('5.0');
  });

  await test.step('play advances time with the clock, pause holds it', async () => {
    await play.click();
    await expect(pause).toBeVisible();
    await page.clock.runFor(2000);
    await expect(time).toHaveText('7.0s');
    await pause.click();
    await expect(play).toBeVisible();
    const held = await time.textContent();
    await page.clock.runFor(2000);
    await expect(time).toHaveText(held!);
  });

  await test.step('playing on stops by itself at the end of the clip; the ball is drawn elsewhere than at the start', async () => {
    await play.click();
    await page.clock.runFor(clip * 1000);
    await expect(time).toHaveText(`${clip.toFixed(1)}s`);
    await expect(play).toBeVisible();
    await page.clock.runFor(100); // renders are requested on animation frames
    const atEnd = await canvasImage();
    await page.getByRole('button', { name: 'Rewind' }).click();
    await page.clock.runFor(100);
    expect(await canvasImage()).not.toBe(atEnd);
  });

  await test.step('rewind returns to 0.0s', async () => {
    await expect(time).toHaveText('0.0s');
    await expect(play).toBeVisible();
  });

  await test.step('expected failure: a trajectory that does not exist is a 404 from the proxy', async () => {
    const res = await controller.get(`/episodes/${episode.id}/assets/no_such_trajectory.json`);
    expect(res.status()).toBe(404);
  });

});
