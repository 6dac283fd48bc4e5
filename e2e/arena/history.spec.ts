// Session history in the sidebar comes from the live API; opening an entry restores its battle.
import { expectBrowserErrors, expect, test } from '../../fixtures/arena.ts';
import { expectReadoutMatchesEpisode, replaysReady, runTurnInPage, scrubTo, SIDES, startBattleInPage, turnEpisodes } from './support/arena.ts';

test('INT-225 session history restores a battle and its replays after a reload', { tag: ['@p1', '@frontend', '@INT-225'] }, async ({ page, backend }) => {
  test.setTimeout(150_000);
  expectBrowserErrors(/status of 404/);

  const { sessionId, battleId } = await test.step('a battle with one turn, not voted', async () => {
    const ids = await startBattleInPage(page);
    await runTurnInPage(page, 'pick up the red cube', 1);
    return ids;
  });
  const episodes = await turnEpisodes(backend, battleId, 1);
  const item = page.getByTestId(`history-item-${sessionId}`);

  await test.step('the history lists it with robot, scene, turns and its vote state', async () => {
    await expect(item).toContainText('franka_panda');
    await expect(item).toContainText('table_pick_place');
    await expect(item.getByTestId('history-turns')).toHaveText('1 turn');
    await expect(item.getByTestId('history-voted')).toHaveText(/not voted/);
  });

  await test.step('a fresh page without the session: opening it from the history restores the battle', async () => {
    await page.goto('/');
    await page.reload();
    await expect(page.getByTestId('session-setup')).toBeVisible();
    await item.click();
    await expect(page.getByTestId('battle')).toHaveAttribute('data-battle-id', battleId);
    await expect(item).toHaveAttribute('aria-current', 'true');
    await expect(page.getByTestId('turn-instruction')).toContainText('pick up the red cube');
    await replaysReady(page);
    for (const side of SIDES) {
      await expect(page.getByTestId(`model-${side}`)).toHaveText('???');
      expect(await expectReadoutMatchesEpisode(page, side, episodes[side])).toBe(0);
    }
  });

  await test.step('a reload keeps the battle; its replay and vote still work', async () => {
    await page.reload();
    await expect(page.getByTestId('battle')).toHaveAttribute('data-battle-id', battleId);
    // The timeline takes a scrub only once the episodes are loaded (it is reset when they arrive).
    await replaysReady(page);
    await scrubTo(page, 'end');
    for (const side of SIDES) await expectReadoutMatchesEpisode(page, side, episodes[side]);
    await page.getByTestId('vote-right_better').click();
    await expect(page.getByTestId('vote-result')).toBeVisible();
    await expect(item.getByTestId('history-voted')).toHaveText(/^\s*voted/);
  });

  await test.step('expected failure: an unknown session in the URL shows the backend 404 message', async () => {
    const unknown = `sess_${'0'.repeat(32)}`;
    await page.goto(`/?session=${unknown}`);
    const res = await backend.get(`/api/sessions/${unknown}`);
    expect(res.status()).toBe(404);
    const { message } = (await res.json()) as { message: string };
    await expect(page.getByTestId('session-error')).toContainText(message);
  });
});
