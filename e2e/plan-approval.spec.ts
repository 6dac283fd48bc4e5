import { test, expect } from '../fixtures/workbench.ts';
import { getEpisode, listEpisodes, waitForStatus } from '../fixtures/workbench/controller.ts';

test('INT-159 "Execution Plan Ready" takes a comment and "Confirm & Start" resumes the run', { tag: ['@p0', '@frontend', '@INT-159'] }, async ({ page, controller, sessionId }) => {
  test.setTimeout(120_000);
  const prompt = `Benchmark: push a box off a ledge (${sessionId})`;
  const comment = `Keep the ledge under 20 cm (${sessionId})`;
  let id = '';

  await test.step('a benchmark generated from the UI stops at planned', async () => {
    await page.goto('/benchmark');
    await page.getByTestId('create-new-button').click();
    await page.locator('#chat-input').fill(prompt);
    await page.getByRole('button', { name: 'Send Message' }).click();
    await expect(page).toHaveURL(/\/benchmark\?episode=/);
    id = new URL(page.url()).searchParams.get('episode')!;
    const episode = await waitForStatus(controller, id, ['planned'], 60_000);
    expect(episode.task).toBe(prompt);
  });

  await test.step('the card shows the plan with an optional comment', async () => {
    const card = page.getByTestId('plan-approval-card');
    await expect(card.getByRole('heading', { name: 'Execution Plan Ready' })).toBeVisible();
    const plan = (await getEpisode(controller, id)).plan;
    expect(plan, 'a planned benchmark has its plan').toBeTruthy();
    await expect(card.locator('.plan-text')).toContainText(plan!.split('\n')[0]!);
    await card.getByLabel('Comment (optional)').fill(comment);
  });

  await test.step('Confirm & Start posts the decision with the comment', async () => {
    const confirm = page.waitForRequest((r) => r.method() === 'POST' && /\/benchmark\/[^/]+\/confirm$/.test(r.url()));
    await page.getByRole('button', { name: 'Confirm & Start' }).click();
    expect((await confirm).postDataJSON()).toEqual({ comment });
    await expect(page.getByTestId('plan-approval-card')).toHaveCount(0);
  });

  await test.step('the comment is persisted as a log trace and visible in the run history', async () => {
    const episode = await waitForStatus(controller, id, ['running', 'completed', 'failed']);
    expect(episode.traces.some((t) => t.trace_type === 'log' && t.content?.includes(comment))).toBe(true);
    await expect(page.getByTestId('note').filter({ hasText: comment })).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('note').filter({ hasText: comment })).toBeVisible();
  });

  await test.step('expected failure: confirming a session that is not waiting for approval is refused', async () => {
    expect((await listEpisodes(controller)).find((e) => e.id === id)?.status).not.toBe('planned');
    const res = await controller.post(`/benchmark/${id}/confirm`, { data: { comment: 'again' } });
    expect(res.status()).toBe(409);
    expect(await res.json()).toMatchObject({ error: 'not_planned', field: 'params.id' });
  });

});
