import { test, expect } from '../fixtures/workbench.ts';
import { completedRun, getEpisode, startRun } from '../fixtures/workbench/controller.ts';

test('INT-170 thumbs appear after completion; the feedback modal persists topics and text on the trace', { tag: ['@p0', '@frontend', '@INT-170'] }, async ({ page, controller, sessionId, db }) => {
  test.setTimeout(120_000);
  const text = `The ramp is too steep (${sessionId})`;

  await test.step('no thumbs while the agent is still running', async () => {
    const running = await startRun(controller, `${sessionId}-live`, 'Design a ramp');
    await page.goto(`/?episode=${running}`);
    await expect(page.getByRole('button', { name: 'Stop Agent' })).toBeVisible();
    await expect(page.getByTestId('sidebar-thumbs-up')).toHaveCount(0);
    await expect(page.getByTestId('sidebar-thumbs-down')).toHaveCount(0);
    await controller.post(`/episodes/${running}/interrupt`, { data: {} });
  });

  const episode = await test.step('a finished run', () => completedRun(controller, sessionId, 'Design a chute'));

  await test.step('thumbs down opens "Agent Feedback" with the five topics', async () => {
    await page.goto(`/?episode=${episode.id}`);
    await page.getByTestId('sidebar-thumbs-down').click();
    const modal = page.getByRole('dialog', { name: 'Agent Feedback' });
    await expect(modal).toBeVisible();
    for (const topic of ['Misinterpretation', "Doesn't follow instructions", 'Technical Error', 'Poor Design', 'Other']) {
      await expect(modal.getByLabel(topic, { exact: true })).toBeVisible();
    }
    await modal.getByLabel('Poor Design', { exact: true }).check();
    await modal.getByLabel('Technical Error', { exact: true }).check();
    await modal.getByLabel('Details').fill(text);
  });

  await test.step('"Send Feedback" → "Feedback Received", through the feedback API', async () => {
    const sent = page.waitForRequest((r) => r.method() === 'POST' && /\/episodes\/[^/]+\/traces\/[^/]+\/feedback$/.test(r.url()));
    await page.getByRole('button', { name: 'Send Feedback' }).click();
    expect((await sent).postDataJSON()).toEqual({ score: 0, comment: `[Poor Design, Technical Error] ${text}` });
    await expect(page.getByRole('dialog').getByText('Feedback Received')).toBeVisible();
    await page.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByTestId('sidebar-thumbs-down')).toHaveAttribute('aria-pressed', 'true');
  });

  await test.step('the feedback is on the episode\'s last model turn, over HTTP and in the database', async () => {
    const traces = (await getEpisode(controller, episode.id)).traces;
    const last = traces.filter((t) => t.trace_type === 'llm_end').at(-1)!;
    expect(last.feedback_score).toBe(0);
    expect(last.feedback_comment).toBe(`[Poor Design, Technical Error] ${text}`);
    const { rows } = await db.query('SELECT feedback_score, feedback_comment FROM traces WHERE id = $1', [last.id]);
    expect(rows).toEqual([{ feedback_score: 0, feedback_comment: `[Poor Design, Technical Error] ${text}` }]);
  });

  await test.step('expected failure: a score other than 0|1 is refused by the API', async () => {
    const last = (await getEpisode(controller, episode.id)).traces.filter((t) => t.trace_type === 'llm_end').at(-1)!;
    const res = await controller.post(`/episodes/${episode.id}/traces/${last.id}/feedback`, { data: { score: 5 } });
    expect(res.status()).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'validation_failed', field: expect.stringMatching(/^body\.score/) });
  });

});
