import { test, expect } from '../fixtures/workbench.ts';
import { completedRun, getEpisode, startRun, tracesOf, waitForStatus } from '../fixtures/workbench/controller.ts';

test('INT-158 CREATE NEW → Send Message runs the agent in both workflows, streaming into the chat', { tag: ['@p0', '@frontend', '@INT-158'] }, async ({ page, controller, sessionId }) => {
  test.setTimeout(150_000);
  const task = `Design a ramp that guides the ball into the bin (${sessionId})`;
  const prompt = `Benchmark: a ball must reach the goal zone (${sessionId})`;
  const send = page.getByRole('button', { name: 'Send Message' });
  const stop = page.getByRole('button', { name: 'Stop Agent' });
  let episodeId = '';
  // The UI also re-reads episodes over HTTP, so what it shows cannot tell streaming from polling:
  // the frames its own WebSocket receives can.
  const frames: { path: string; type?: string; trace?: { id: number | string }; status?: string }[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => frames.push({ path: new URL(ws.url()).pathname, ...JSON.parse(String(payload)) })));
  const episodeSocket = () => page.waitForEvent('websocket', { predicate: (ws) => /^\/episodes\/[^/]+\/ws$/.test(new URL(ws.url()).pathname), timeout: 30_000 });

  await test.step('engineer: CREATE NEW, type in #chat-input, Send Message starts a run', async () => {
    await page.goto('/');
    await page.getByTestId('create-new-button').click();
    await page.locator('#chat-input').fill(task);
    const socket = episodeSocket();
    await send.click();
    await expect(page).toHaveURL(/\?episode=/);
    episodeId = new URL(page.url()).searchParams.get('episode')!;
    expect((await getEpisode(controller, episodeId)).task).toBe(task);
    expect(new URL((await socket).url()).pathname).toBe(`/episodes/${episodeId}/ws`);
  });

  await test.step('while it runs: the thinking state and Stop Agent show, output streams in', async () => {
    await expect(stop).toBeVisible();
    await expect(page.getByTestId('agent-thinking')).toBeVisible();
    await expect(page.getByTestId('tool-call').or(page.getByTestId('assistant-message')).first()).toBeVisible({ timeout: 30_000 });
    // The controller answers every new socket with the episode's status.
    await expect.poll(() => frames.some((f) => f.path === `/episodes/${episodeId}/ws` && f.type === 'status_update')).toBe(true);
  });

  await test.step('at the end: artifacts refresh, Send returns, and the API agrees it completed', async () => {
    const episode = await waitForStatus(controller, episodeId, ['completed']);
    await expect(send).toBeVisible({ timeout: 15_000 });
    await expect(stop).toBeHidden();
    await expect(page.locator('.chat-header').getByTestId('status-badge')).toHaveText('completed');
    await expect(page.getByTestId('file-tree-item').first()).toBeVisible();
    await expect(page.locator('[data-testid="file-tree-item"][data-path="script.ts"]')).toBeVisible();
    const toolCalls = episode.traces.filter((t) => t.trace_type === 'tool_start').length;
    await expect(page.getByTestId('tool-call')).toHaveCount(toolCalls);
  });

  let benchmarkId = '';
  await test.step('benchmark: CREATE NEW, Send Message runs the planner until the plan waits for approval', async () => {
    await page.goto('/benchmark');
    await page.getByTestId('create-new-button').click();
    await page.locator('#chat-input').fill(prompt);
    await send.click();
    await expect(page).toHaveURL(/\/benchmark\?episode=/);
    benchmarkId = new URL(page.url()).searchParams.get('episode')!;
    await expect(page.getByText('Execution Plan Ready')).toBeVisible({ timeout: 60_000 });
    const episode = await getEpisode(controller, benchmarkId);
    expect(episode.status).toBe('planned');
    expect(episode.task).toBe(prompt);
  });

  await test.step('while the plan waits, Send is off and says why (a message now would not reach the agent)', async () => {
    await page.locator('#chat-input').fill('Also make it blue');
    await expect(send).toBeDisabled();
    await expect(page.getByTestId('chat-blocked')).toContainText('waiting for your decision');
    await page.locator('#chat-input').fill('');
  });

  await test.step('benchmark: after Confirm & Start the new traces arrive over the socket opened while planned', async () => {
    // The socket stays open from planned to running, so every trace the resumed run writes is streamed.
    await expect.poll(() => frames.some((f) => f.path === `/episodes/${benchmarkId}/ws` && f.type === 'status_update' && f.status === 'planned')).toBe(true);
    await page.getByRole('button', { name: 'Confirm & Start' }).click();
    const streamed = () => frames.filter((f) => f.path === `/episodes/${benchmarkId}/ws` && f.type === 'new_trace').map((f) => String(f.trace!.id));
    await expect.poll(() => streamed().length, { timeout: 30_000 }).toBeGreaterThan(0);
    const episode = await waitForStatus(controller, benchmarkId, ['completed', 'failed']);
    expect(episode.traces.map((t) => String(t.id))).toEqual(expect.arrayContaining(streamed()));
    await expect(send).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('.chat-header').getByTestId('status-badge')).toHaveText(episode.status);
  });

});

test('INT-160 reasoning is hidden by default and expands to the live trace\'s text', { tag: ['@p1', '@frontend', '@INT-160'] }, async ({ page, controller, sessionId }) => {
  test.setTimeout(120_000);
  const episode = await test.step('a finished run recorded reasoning on its model turns', async () => {
    const e = await completedRun(controller, sessionId, 'Design a small gripper');
    expect(e.traces.some((t) => t.trace_type === 'llm_end' && typeof t.metadata?.reasoning === 'string')).toBe(true);
    return e;
  });
  const reasoning = episode.traces.filter((t) => t.trace_type === 'llm_end').map((t) => (t.metadata?.reasoning ?? '') as string).filter(Boolean);

  await test.step('the chat hides it', async () => {
    await page.goto(`/?episode=${episode.id}`);
    await expect(page.getByTestId('reasoning').first()).toBeVisible();
    await expect(page.getByTestId('reasoning-content')).toHaveCount(0);
    await expect(page.getByText(reasoning[0]!, { exact: true })).toHaveCount(0);
  });

  await test.step('expanding shows exactly what the trace holds, collapsing hides it again', async () => {
    const toggle = page.getByRole('button', { name: 'Show reasoning' }).first();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(page.getByTestId('reasoning-content').first()).toHaveText(reasoning[0]!);
    await page.getByRole('button', { name: 'Hide reasoning' }).first().click();
    await expect(page.getByTestId('reasoning-content')).toHaveCount(0);
  });

});

test('INT-161 tool calls show as Edited/Viewed rows, and a failed call as the failure notice', { tag: ['@p1', '@frontend', '@INT-161'] }, async ({ page, controller, sessionId }) => {
  test.setTimeout(120_000);
  const episode = await test.step('a finished run made real edits, reads, listings and one failing call', async () => {
    const e = await completedRun(controller, sessionId, 'Design a lever arm');
    const names = e.traces.filter((t) => t.trace_type === 'tool_start').map((t) => t.name ?? '');
    expect(names.some((n) => /write|edit/.test(n))).toBe(true);
    expect(names.some((n) => /read/.test(n))).toBe(true);
    expect(names.some((n) => /list|ls/.test(n))).toBe(true);
    // The controller marks a failed call on its tool_end: `ok: false` (e.g. the lint failure of the first draft), `error` when it threw.
    expect(e.traces.some((t) => (t.trace_type === 'tool_end' && (t.metadata?.ok === false || typeof t.metadata?.error === 'string')) || t.trace_type === 'error')).toBe(true);
    return e;
  });

  await test.step('the chat shows each kind of row', async () => {
    await page.goto(`/?episode=${episode.id}`);
    const rows = page.getByTestId('tool-call');
    await expect(rows.filter({ hasText: /^Edited \S+ \+\d+ −\d+/ }).first()).toBeVisible();
    await expect(rows.filter({ hasText: 'Viewed file' }).first()).toBeVisible();
    await expect(rows.filter({ hasText: 'Viewed directory' }).first()).toBeVisible();
    await expect(rows.filter({ hasText: 'The model has failed a tool call.' }).first()).toBeVisible();
  });

  await test.step('an edit row names the file the trace edited', async () => {
    const edit = episode.traces.find((t) => t.trace_type === 'tool_start' && /write|edit/.test(t.name ?? ''))!;
    const args = (typeof edit.metadata?.arguments === 'string' ? JSON.parse(edit.metadata.arguments) : edit.metadata?.arguments) as { path?: string };
    await expect(page.getByTestId('tool-call').filter({ hasText: `Edited ${args.path!.replace(/^\//, '')} +` }).first()).toBeVisible();
  });

});

test('INT-162 Send becomes Stop while generating; Stop interrupts and the run ends cancelled', { tag: ['@p0', '@frontend', '@INT-162'] }, async ({ page, controller, db, sessionId }) => {
  test.setTimeout(120_000);
  const id = await test.step('a run is generating', async () => {
    const episodeId = await startRun(controller, sessionId, 'Design a long conveyor');
    expect(['queued', 'running']).toContain((await getEpisode(controller, episodeId)).status);
    return episodeId;
  });

  await test.step('the chat shows Stop Agent instead of Send Message', async () => {
    await page.goto(`/?episode=${id}`);
    await expect(page.getByRole('button', { name: 'Stop Agent' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send Message' })).toHaveCount(0);
  });

  await test.step('Stop calls the interrupt API and the episode ends cancelled', async () => {
    const interrupt = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/episodes/${id}/interrupt`));
    await page.getByRole('button', { name: 'Stop Agent' }).click();
    await interrupt;
    await waitForStatus(controller, id, ['cancelled'], 20_000);
    await expect(page.locator('.chat-header').getByTestId('status-badge')).toHaveText('cancelled');
    await expect(page.getByRole('button', { name: 'Send Message' })).toBeVisible();
  });

  await test.step('streaming stops: the workflow is final, and the chat shows exactly what was recorded up to the cancel', async () => {
    const wf = await db.query('SELECT status FROM dbos.workflow_status WHERE workflow_uuid = $1', [id]);
    expect(wf.rows[0].status).toBe('CANCELLED'); // terminal: no step of it runs again
    const e = await getEpisode(controller, id);
    const interrupted = tracesOf(e, 'log', 'interrupted')[0]!;
    expect(e.traces.filter((t) => t.id > interrupted.id && t.trace_type === 'llm_start')).toEqual([]);
    await expect(page.getByTestId('tool-call')).toHaveCount(tracesOf(e, 'tool_start').length);
    await expect(page.getByTestId('agent-thinking')).toHaveCount(0);
  });

  await test.step('expected failure: interrupting an unknown episode is a 404', async () => {
    const res = await controller.post('/episodes/00000000-0000-4000-8000-000000000000/interrupt', { data: {} });
    expect(res.status()).toBe(404);
  });

});
