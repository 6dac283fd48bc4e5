// The leaderboard page shows what the ratings job computed, per robot and overall.
import { expectBrowserErrors, expect, test } from '../../fixtures/arena.ts';
import { apiBattle, getJson, ROBOT } from './support/arena.ts';

interface Ranking { model_id: string; name: string; elo_score: number; vote_count: number; win_rate: number; ci: number }

// How the page prints the numbers (the spec's own statement of the format).
const elo = (v: number) => v.toFixed(1);
const ci = (v: number) => `±${v.toFixed(1)}`;
const winRate = (v: number) => `${(v * 100).toFixed(1)} %`;

test('INT-224 the leaderboard page shows the ratings the ratings job computed, with a chart of intervals', { tag: ['@p1', '@frontend', '@INT-224'] }, async ({ page, backend }) => {
  test.setTimeout(240_000);
  expectBrowserErrors(/status of 404/);

  await test.step('five voted battles through the API, then a ratings run', async () => {
    const votes = ['left_better', 'right_better', 'tie', 'left_better', 'both_bad'];
    for (const [i, vote] of votes.entries()) await apiBattle(backend, `pick up the red cube (${i + 1})`, vote);
    const run = await backend.post('/api/ratings/run', { timeout: 60_000 });
    expect(run.status()).toBe(200);
    expect((await run.json()).pending_after).toBe(0);
  });

  for (const robot of [null, ROBOT]) {
    await test.step(`${robot ?? 'overall'}: every model the API ranks, in its order, with its numbers and its interval`, async () => {
      const board = await getJson<{ rankings: Ranking[] }>(backend, `/api/leaderboard${robot ? `?robot_id=${robot}` : ''}`);
      expect(board.rankings.length).toBeGreaterThanOrEqual(2);
      await page.goto('/leaderboard');
      if (robot) await page.getByTestId('leaderboard-robot').selectOption(robot);
      await expect(page.getByTestId('leaderboard')).toHaveAttribute('data-robot', robot ?? '');
      const rows = page.getByTestId('leaderboard-table').locator('tbody tr');
      await expect(rows).toHaveCount(board.rankings.length);
      for (const [i, r] of board.rankings.entries()) {
        const row = rows.nth(i);
        await expect(row).toHaveAttribute('data-model-id', r.model_id);
        await expect(row).toContainText(r.name);
        await expect(row.getByTestId('elo')).toHaveText(elo(r.elo_score));
        await expect(row.getByTestId('ci')).toHaveText(ci(r.ci));
        await expect(row.getByTestId('votes')).toHaveText(String(r.vote_count));
        await expect(row.getByTestId('win-rate')).toHaveText(winRate(r.win_rate));
        const bar = page.getByTestId(`chart-row-${r.model_id}`);
        await expect(bar).toHaveAttribute('data-elo', String(r.elo_score));
        await expect(bar).toHaveAttribute('data-ci', String(r.ci));
      }
      // The chart draws an interval around a point for each model.
      await expect(page.getByTestId('leaderboard-chart').locator('circle')).toHaveCount(board.rankings.length);
    });
  }

  await test.step('expected failure: an unknown robot shows the backend refusal, no table', async () => {
    const res = await backend.get('/api/leaderboard?robot_id=no_such_robot');
    expect(res.status()).toBe(404);
    const { message } = (await res.json()) as { message: string };
    await page.goto('/leaderboard?robot=no_such_robot');
    await expect(page.getByTestId('leaderboard-error')).toContainText(message);
    await expect(page.getByTestId('leaderboard-table')).toHaveCount(0);
  });
});
