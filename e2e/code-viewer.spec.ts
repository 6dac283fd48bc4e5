import type { APIRequestContext } from '@playwright/test';
import { expectBrowserErrors, test, expect } from '../fixtures/workbench.ts';
import { completedRun } from '../fixtures/workbench/controller.ts';

/** A text file of the session's workspace, read back from the light worker (not through the UI's proxy). */
async function readWorkspaceFile(workerLight: APIRequestContext, sessionId: string, path: string): Promise<string> {
  const res = await workerLight.post('/fs/read', { headers: { 'x-session-id': sessionId }, data: { path } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).content as string;
}

test('INT-164 code viewer: live file tree, highlighting, line numbers; selected lines become @path:start-end; bad ranges show the API error', { tag: ['@p0', '@frontend', '@INT-164'] }, async ({ page, controller, workerLight, sessionId }) => {
  test.setTimeout(120_000);
  const episode = await test.step('a finished run left script.ts in the workspace', () => completedRun(controller, sessionId, 'Design a bracket'));
  const source = await test.step('the controller serves script.ts through its asset proxy', async () => {
    const res = await controller.get(`/episodes/${episode.id}/assets/script.ts`);
    expect(res.status()).toBe(200);
    return res.text();
  });
  const lines = source.split('\n');

  await test.step('the file tree lists the workspace and opens script.ts with line numbers and highlighting', async () => {
    await page.goto(`/?episode=${episode.id}`);
    const viewer = page.getByTestId('code-viewer');
    await viewer.locator('[data-testid="file-tree-item"][data-path="script.ts"]').click();
    await expect(viewer.locator('.cm-content')).toContainText(lines.find((l) => l.trim().length > 10)!.trim());
    await expect(viewer.locator('.cm-lineNumbers .cm-gutterElement').filter({ hasText: /^3$/ })).toBeVisible();
    // Highlighted tokens are spans with a syntax class inside the lines.
    expect(await viewer.locator('.cm-line span[class]').count()).toBeGreaterThan(3);
  });

  await test.step('selecting lines 2–4 by their numbers offers @script.ts:2-4, which goes into the prompt', async () => {
    const viewer = page.getByTestId('code-viewer');
    await viewer.locator('.cm-lineNumbers .cm-gutterElement').filter({ hasText: /^2$/ }).click();
    await viewer.locator('.cm-lineNumbers .cm-gutterElement').filter({ hasText: /^4$/ }).click({ modifiers: ['Shift'] });
    await page.getByRole('button', { name: 'Add @script.ts:2-4 to prompt' }).click();
    await expect(page.locator('#chat-input')).toHaveValue(/@script\.ts:2-4/);
  });

  await test.step('by keyboard too: Tab into the code, Shift+Down selects lines, and the mention is offered', async () => {
    const code = page.getByTestId('code-viewer').locator('.cm-content');
    await page.getByTestId('file-tree-item').last().focus();
    await page.keyboard.press('Tab');
    await expect(code).toBeFocused();
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.press('Shift+ArrowDown');
    await expect(page.getByRole('button', { name: 'Add @script.ts:1-1 to prompt' })).toBeVisible();
    await page.keyboard.press('Shift+ArrowDown');
    await expect(page.getByRole('button', { name: 'Add @script.ts:1-2 to prompt' })).toBeVisible();
  });

  await test.step('sending it posts the mention as structured data; the controller resolves exactly those lines of the workspace file', async () => {
    await page.locator('#chat-input').fill('Explain @script.ts:2-4');
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/episodes/${episode.id}/messages`));
    await page.getByRole('button', { name: 'Send Message' }).click();
    const res = await posted;
    expect(res.status()).toBe(202);
    expect(res.request().postDataJSON().mentions).toEqual([{ path: 'script.ts', start: 2, end: 4 }]);
    // The light worker's copy is the one the agent works on; the proxy's copy was checked above.
    const workspace = (await readWorkspaceFile(workerLight, sessionId, 'script.ts')).split('\n');
    expect((await res.json()).mentions).toEqual([{ path: 'script.ts', start: 2, end: 4, content: workspace.slice(1, 4).join('\n') }]);
    await expect(page.getByRole('button', { name: 'Send Message' })).toBeVisible({ timeout: 90_000 });
  });

  const bad = `@script.ts:${lines.length + 50}-${lines.length + 60}`;
  await test.step('expected failure: a range past the end is refused with a 422 naming it, and the UI shows that message', async () => {
    const direct = await controller.post(`/episodes/${episode.id}/messages`, { data: { message: `Look at ${bad}` } });
    expect(direct.status()).toBe(422);
    const message = (await direct.json()).message as string;
    expect(message).toContain(bad.slice(1));
    await page.locator('#chat-input').fill(`Look at ${bad}`);
    await page.getByRole('button', { name: 'Send Message' }).click();
    await expect(page.getByTestId('chat-error')).toHaveText(message);
  });

  expectBrowserErrors(/status of 422/);
});
