import { test, expect } from '../fixtures/workbench.ts';
import { completedRun, getEpisode, startRun, waitForStatus, type Episode } from '../fixtures/workbench/controller.ts';

/** The log trace the controller wrote for a follow-up message, by its text. */
async function messageTrace(controller: Parameters<typeof getEpisode>[0], id: string, text: string) {
  let found: Episode['traces'][number] | undefined;
  await expect.poll(async () => (found = (await getEpisode(controller, id)).traces.find((t) => t.trace_type === 'log' && t.content === text)) !== undefined).toBe(true);
  return found!;
}

test('INT-163 Ctrl-click multi-select adds removable context cards; the message carries structured selections', { tag: ['@p0', '@frontend', '@INT-163'] }, async ({ page, controller, sessionId }) => {
  test.setTimeout(150_000);
  const { episode, other } = await test.step('two finished runs with a model of several parts', async () => {
    const otherId = await startRun(controller, `${sessionId}-other`, 'Design a second hinge');
    const episode = await completedRun(controller, sessionId, 'Design a two-part hinge');
    return { episode, other: await waitForStatus(controller, otherId, ['completed']) };
  });
  const prompt = 'Make these thicker';
  let names: string[] = [];
  const cards = page.getByTestId('context-card');

  await test.step('click one part, Ctrl-click another: two context cards', async () => {
    await page.goto(`/?episode=${episode.id}`);
    const parts = page.getByTestId('model-part');
    await expect(parts.nth(1)).toBeVisible({ timeout: 20_000 });
    names = [(await parts.nth(0).getAttribute('data-part'))!, (await parts.nth(1).getAttribute('data-part'))!];
    await parts.nth(0).click();
    await parts.nth(1).click({ modifiers: ['ControlOrMeta'] });
    await expect(cards).toHaveText(names.map((n) => `Part ${n}`));
    await expect(parts.nth(0)).toHaveAttribute('aria-pressed', 'true');
  });

  await test.step('a card is removable, and a plain click replaces the selection', async () => {
    await page.getByRole('button', { name: `Remove Part ${names[1]}` }).click();
    await expect(cards).toHaveText([`Part ${names[0]}`]);
    await page.getByTestId('model-part').nth(1).click();
    await expect(cards).toHaveText([`Part ${names[1]}`]);
    await page.getByTestId('model-part').nth(0).click({ modifiers: ['ControlOrMeta'] });
    await expect(cards).toHaveText([`Part ${names[1]}`, `Part ${names[0]}`]);
  });

  const sent = [names[1], names[0]].map((name) => ({ kind: 'part', path: 'script.glb', name }));
  await test.step('the sent payload carries the selections as data, not text pasted into the prompt', async () => {
    await page.locator('#chat-input').fill(prompt);
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/episodes/${episode.id}/messages`));
    await page.getByRole('button', { name: 'Send Message' }).click();
    const res = await posted;
    expect(res.status()).toBe(202);
    const body = res.request().postDataJSON();
    expect(body.message).toBe(prompt);
    expect(body.selections).toEqual(sent);
    await expect(cards).toHaveCount(0);
  });

  await test.step('the controller recorded the message with exactly those selections', async () => {
    const trace = await messageTrace(controller, episode.id, prompt);
    expect(trace.metadata?.selections).toEqual(sent);
  });

  await test.step('cards belong to their session: they do not follow into another one, nor into CREATE NEW', async () => {
    await waitForStatus(controller, episode.id, ['completed']);
    await page.getByTestId('model-part').nth(0).click();
    await expect(cards).toHaveCount(1);
    await page.getByTestId('session-list').locator(`[data-episode-id="${other.id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`episode=${other.id}`));
    await expect(page.getByTestId('model-part').first()).toBeVisible({ timeout: 20_000 });
    await expect(cards).toHaveCount(0);

    await page.getByTestId('model-part').nth(0).click();
    await expect(cards).toHaveCount(1);
    await page.getByTestId('create-new-button').click();
    await expect(page.locator('.chat-title')).toHaveText(/^New design session/);
    await expect(cards).toHaveCount(0);
  });

  await test.step('…so a message in the other session carries none of the first one\'s selections', async () => {
    await page.getByTestId('session-list').locator(`[data-episode-id="${other.id}"]`).click();
    await expect(page.getByTestId('model-part').first()).toBeVisible({ timeout: 20_000 });
    await expect(cards).toHaveCount(0);
    const text = 'Anything to add?';
    await page.locator('#chat-input').fill(text);
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/episodes/${other.id}/messages`));
    await page.getByRole('button', { name: 'Send Message' }).click();
    expect((await posted).status()).toBe(202);
    expect((await messageTrace(controller, other.id, text)).metadata?.selections).toEqual([]);
  });

});
