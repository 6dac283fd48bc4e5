import { test, expect } from '../fixtures/index.ts';
import { consoleErrors } from './support/console.ts';
import { completedRun, getEpisode } from './support/episodes.ts';

test('INT-163 Ctrl-click multi-select adds removable context cards; the message carries structured selections', { tag: ['@p0', '@frontend', '@INT-163'] }, async ({ page, controller, sessionId }) => {
  test.setTimeout(150_000);
  const console = consoleErrors(page);
  const episode = await test.step('a finished run with a model of several parts', () => completedRun(controller, sessionId, 'Design a two-part hinge'));
  const prompt = 'Make these thicker';
  let names: string[] = [];

  await test.step('click one part, Ctrl-click another: two context cards', async () => {
    await page.goto(`/?episode=${episode.id}`);
    const parts = page.getByTestId('model-part');
    await expect(parts.nth(1)).toBeVisible({ timeout: 20_000 });
    names = [(await parts.nth(0).getAttribute('data-part'))!, (await parts.nth(1).getAttribute('data-part'))!];
    await parts.nth(0).click();
    await parts.nth(1).click({ modifiers: ['ControlOrMeta'] });
    await expect(page.getByTestId('context-card')).toHaveText(names.map((n) => `Part ${n}`));
    await expect(parts.nth(0)).toHaveAttribute('aria-pressed', 'true');
  });

  await test.step('a card is removable, and a plain click replaces the selection', async () => {
    await page.getByRole('button', { name: `Remove Part ${names[1]}` }).click();
    await expect(page.getByTestId('context-card')).toHaveText([`Part ${names[0]}`]);
    await page.getByTestId('model-part').nth(1).click({ modifiers: ['ControlOrMeta'] });
    await expect(page.getByTestId('context-card')).toHaveCount(2);
  });

  await test.step('the sent payload carries the selections as data, not text pasted into the prompt', async () => {
    await page.locator('#chat-input').fill(prompt);
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/episodes/${episode.id}/messages`));
    await page.getByRole('button', { name: 'Send Message' }).click();
    const res = await posted;
    expect(res.status()).toBe(202);
    const body = res.request().postDataJSON();
    expect(body.message).toBe(prompt);
    expect(body.selections).toEqual(names.map((name) => ({ kind: 'part', path: 'script.glb', name })));
    await expect(page.getByTestId('context-card')).toHaveCount(0);
  });

  await test.step('the controller recorded the message with its selections', async () => {
    await expect
      .poll(async () => {
        const traces = (await getEpisode(controller, episode.id)).traces;
        const t = traces.find((x) => x.content?.includes(prompt));
        return t ? JSON.stringify(t.metadata) : '';
      })
      .toContain(names[1]!);
  });

  expect(console.list()).toEqual([]);
});
