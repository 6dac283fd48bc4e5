// The battle page against the live arena stack: real rollouts by both policy servers, replayed
// in the browser with MuJoCo (qpos → mj_forward) and three.js.
import { expectBrowserErrors, expectServiceErrors, expect, test } from '../../fixtures/arena.ts';
import {
  canvasPixels,
  differingPixels,
  expectReadoutMatchesEpisode,
  getJson,
  runTurnInPage,
  scrubTo,
  SIDES,
  startBattleInPage,
  turnEpisodes,
  voteButtons,
  type BattleBody,
} from './support/arena.ts';

test('INT-221 a full battle in the browser: turn, both replays move the arm, vote, reveal, a second turn', { tag: ['@p0', '@frontend', '@INT-221'] }, async ({ page, backend }) => {
  test.setTimeout(180_000);
  const { battleId } = await test.step('a session for the seed robot and scene, models hidden', async () => {
    const ids = await startBattleInPage(page);
    for (const side of SIDES) await expect(page.getByTestId(`model-${side}`)).toHaveText('???');
    return ids;
  });

  await test.step('expected failure: a blank instruction cannot be sent', async () => {
    await page.getByTestId('instruction-input').fill('   ');
    await expect(page.getByTestId('run-turn')).toBeDisabled();
  });

  await test.step('a turn: the page is busy while both policies roll out, then both replays are loaded', async () => {
    await runTurnInPage(page, 'pick up the red cube', 1);
  });

  const episodes = await test.step('the episodes the backend stored for the turn', () => turnEpisodes(backend, battleId, 1));

  await test.step('both 3D views move the arm: the frame at the start and at the end differ', async () => {
    await scrubTo(page, 'start');
    const first = { left: await canvasPixels(page, 'left'), right: await canvasPixels(page, 'right') };
    for (const side of SIDES) expect(await expectReadoutMatchesEpisode(page, side, episodes[side])).toBe(0);
    await scrubTo(page, 'end');
    for (const side of SIDES) {
      const last = await canvasPixels(page, side);
      expect(differingPixels(first[side], last), `${side} view changed between the first and the last frame`).toBeGreaterThan(20);
    }
  });

  await test.step("the joint readout equals the episode's qpos where the timeline stands", async () => {
    for (const side of SIDES) expect(await expectReadoutMatchesEpisode(page, side, episodes[side])).toBe(episodes[side].states.length - 1);
    // Half-way through the longer episode, as a user drags the scrubber.
    const scrub = page.getByTestId('timeline-scrub');
    const mid = Math.round((Number(await scrub.getAttribute('min')) + Number(await scrub.getAttribute('max'))) / 2);
    await scrubTo(page, mid);
    await expect(page.getByTestId('timeline-time')).toContainText((mid / 1000).toFixed(3));
    for (const side of SIDES) {
      const frame = await expectReadoutMatchesEpisode(page, side, episodes[side]);
      expect(frame).toBeGreaterThan(0);
    }
  });

  await test.step('playing runs the shared timeline forward and stops at the end', async () => {
    await page.getByTestId('timeline-speed').selectOption('4');
    await page.getByTestId('timeline-play').click();
    await expect(page.getByTestId('timeline-play')).toHaveAttribute('aria-label', 'Play', { timeout: 30_000 });
    const scrub = page.getByTestId('timeline-scrub');
    await expect(scrub).toHaveValue((await scrub.getAttribute('max'))!);
  });

  await test.step('a vote reveals both models as the backend has them', async () => {
    for (const button of voteButtons(page)) await expect(button).toBeEnabled();
    await page.getByTestId('vote-left_better').click();
    await expect(page.getByTestId('vote-result')).toBeVisible();
    const battle = await getJson<BattleBody>(backend, `/api/battles/${battleId}`);
    expect(battle.vote).toBe('left_better');
    expect(battle.left_model).not.toBe(battle.right_model);
    await expect(page.getByTestId('model-left')).toHaveText(battle.left_model);
    await expect(page.getByTestId('model-right')).toHaveText(battle.right_model);
    for (const button of voteButtons(page)) await expect(button).toBeDisabled();
  });

  await test.step('the battle offers a next turn; its replays show the new episodes', async () => {
    await expect(page.getByTestId('run-turn')).toHaveText(/Next turn/);
    await runTurnInPage(page, 'push the red cube to the left', 2);
    await expect(page.getByTestId('turn-tab-2')).toHaveAttribute('aria-pressed', 'true');
    const second = await turnEpisodes(backend, battleId, 2);
    await scrubTo(page, 'end');
    for (const side of SIDES) {
      expect(second[side].turn_id).not.toBe(episodes[side].turn_id);
      await expectReadoutMatchesEpisode(page, side, second[side]);
    }
    // The models stay revealed; the battle keeps its one vote.
    await expect(page.getByTestId('model-left')).not.toHaveText('???');
    for (const button of voteButtons(page)) await expect(button).toBeDisabled();
  });
});

test('INT-222 voting twice is impossible in the UI and the API refusal is shown if forced', { tag: ['@p1', '@frontend', '@INT-222'] }, async ({ page, backend }) => {
  test.setTimeout(150_000);
  expectBrowserErrors(/status of 400/);

  await test.step('expected failure: no vote before both replays were seen to the end', async () => {
    await startBattleInPage(page);
    for (const button of voteButtons(page)) await expect(button).toBeDisabled();
    await runTurnInPage(page, 'pick up the red cube', 1);
    for (const button of voteButtons(page)) await expect(button).toBeDisabled();
    await expect(page.getByTestId('vote-hint')).toContainText('to the end');
  });

  await test.step('after a vote every vote button is disabled, also after a reload', async () => {
    await scrubTo(page, 'end');
    await page.getByTestId('vote-tie').click();
    await expect(page.getByTestId('vote-result')).toContainText('Tie');
    for (const button of voteButtons(page)) await expect(button).toBeDisabled();
    await page.reload();
    await expect(page.getByTestId('vote-result')).toContainText('Tie');
    for (const button of voteButtons(page)) await expect(button).toBeDisabled();
  });

  await test.step('expected failure: a vote cast elsewhere first — the page shows the API refusal and then the vote', async () => {
    const { battleId } = await startBattleInPage(page);
    await runTurnInPage(page, 'pick up the red cube', 1);
    await scrubTo(page, 'end');
    const first = await backend.post('/api/votes', { data: { battle_id: battleId, vote: 'both_bad' } });
    expect(first.status()).toBe(201);
    // The page still thinks the battle is open: its click is the second vote.
    await expect(page.getByTestId('vote-right_better')).toBeEnabled();
    const refusal = page.waitForResponse((r) => r.url().endsWith('/api/votes') && r.request().method() === 'POST');
    await page.getByTestId('vote-right_better').click();
    const res = await refusal;
    expect(res.status()).toBe(400);
    const { message } = (await res.json()) as { message: string };
    await expect(page.getByTestId('vote-error')).toContainText(message);
    // The page now shows the battle as the backend has it: voted both_bad, models revealed.
    await expect(page.getByTestId('vote-result')).toContainText('Both are bad');
    for (const button of voteButtons(page)) await expect(button).toBeDisabled();
    const battle = await getJson<BattleBody>(backend, `/api/battles/${battleId}`);
    expect(battle.vote).toBe('both_bad');
    await expect(page.getByTestId('model-left')).toHaveText(battle.left_model);
  });
});

test('INT-223 a failed turn (a policy server stopped) shows the backend error and stores nothing', { tag: ['@p0', '@frontend', '@INT-223'] }, async ({ page, backend, stack, docstore }) => {
  test.setTimeout(150_000);
  expectBrowserErrors(/status of 50[234]/);
  expectServiceErrors('backend', /"status":50[234]/);

  const { battleId } = await test.step('a session in the page', () => startBattleInPage(page));

  await test.step('expected failure: with ik-grasp stopped the turn fails with the backend message and no replay', async () => {
    await stack.stopService('policy-ik');
    try {
      await page.getByTestId('instruction-input').fill('pick up the red cube');
      const answer = page.waitForResponse((r) => r.url().endsWith(`/api/battles/${battleId}/turns`) && r.request().method() === 'POST', { timeout: 90_000 });
      await page.getByTestId('run-turn').click();
      const res = await answer;
      expect(res.status()).toBeGreaterThanOrEqual(500);
      const body = (await res.json()) as { message: string; model_id?: string };
      expect(body.model_id).toBe('ik-grasp');
      await expect(page.getByTestId('turn-error')).toContainText(body.message);
      await expect(page.getByTestId('turn-busy')).toBeHidden();
      // The instruction stays for another try; nothing to replay or vote on.
      await expect(page.getByTestId('instruction-input')).toHaveValue('pick up the red cube');
      await expect(page.getByTestId('run-turn')).toBeEnabled();
      await expect(page.getByTestId('turn-instruction')).toHaveCount(0);
      for (const button of voteButtons(page)) await expect(button).toBeDisabled();
    } finally {
      await stack.startService('policy-ik');
    }
  });

  await test.step('nothing of the failed turn is stored: no turn row, no episode document', async () => {
    const battle = await getJson<BattleBody>(backend, `/api/battles/${battleId}`);
    expect(battle.turns).toEqual([]);
    expect(await docstore.collection('episodes').countDocuments({ battle_id: battleId })).toBe(0);
  });

  await test.step('with the server back the same instruction runs and the error is gone', async () => {
    await page.getByTestId('run-turn').click();
    await expect(page.getByTestId('turn-instruction')).toHaveAttribute('data-seq', '1', { timeout: 60_000 });
    await expect(page.getByTestId('turn-error')).toHaveCount(0);
    expect(await docstore.collection('episodes').countDocuments({ battle_id: battleId })).toBe(2);
  });
});
