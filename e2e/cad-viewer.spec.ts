import { test, expect } from '../fixtures/workbench.ts';
import { completedRun, getEpisode, waitForStatus } from '../fixtures/workbench/controller.ts';

test('INT-165 CAD viewer: part, face and subassembly modes, the model browser, selections into the prompt context', { tag: ['@p0', '@frontend', '@INT-165'] }, async ({ page, controller, sessionId }) => {
  test.setTimeout(120_000);
  const episode = await test.step('a finished run built and simulated a model', () => completedRun(controller, sessionId, 'Design a funnel'));
  let topFace = { index: -1, at: { x: 0, y: 0 } };

  await test.step('the model loads with the model browser on by default and Part mode active', async () => {
    await page.goto(`/?episode=${episode.id}`);
    const viewer = page.getByTestId('cad-viewer');
    await expect(viewer.getByTestId('model-browser')).toBeVisible({ timeout: 20_000 });
    await expect(viewer.getByTestId('model-part').first()).toBeVisible();
    await expect(viewer.getByTestId('viewer-canvas')).toBeVisible();
    await expect(viewer.getByTestId('mode-part')).toHaveAttribute('aria-pressed', 'true');
    await expect(viewer.getByTestId('mode-part')).toHaveClass(/active/);
  });

  await test.step('clicking a part in Part mode adds it to the context', async () => {
    const part = page.getByTestId('model-part').first();
    const name = (await part.getAttribute('data-part'))!;
    await part.click();
    await expect(page.getByTestId('context-card')).toHaveText([`Part ${name}`]);
  });

  await test.step('Face mode: clicks on the floor plate select its planar faces (a box has 6; one view shows at most 3), not triangles', async () => {
    await page.getByTestId('mode-face').click();
    await expect(page.getByTestId('mode-face')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('mode-part')).toHaveAttribute('aria-pressed', 'false');
    const canvas = page.getByTestId('viewer-canvas');
    const box = (await canvas.boundingBox())!;
    const card = page.getByTestId('context-card');
    // A grid of clicks over the view; each plain click replaces the selection with what it hit.
    const floorFaces = new Map<number, { normal: string; centroid: string; at: { x: number; y: number } }>();
    for (let fx = 0.2; fx <= 0.81; fx += 0.1) {
      for (let fy = 0.2; fy <= 0.81; fy += 0.1) {
        const at = { x: box.width * fx, y: box.height * fy };
        await canvas.click({ position: at });
        if ((await card.count()) === 0) continue;
        const label = (await card.locator('span').first().textContent())!;
        const m = /^Face (\d+) of floor$/.exec(label);
        if (m) floorFaces.set(Number(m[1]), { normal: (await card.getAttribute('data-normal'))!, centroid: (await card.getAttribute('data-centroid'))!, at });
      }
    }
    const indices = [...floorFaces.keys()];
    expect(indices.length).toBeGreaterThan(0);
    expect(indices.length).toBeLessThanOrEqual(3);
    for (const i of indices) expect(i).toBeLessThan(6);
    // The plate is box([0.8, 0.8, 0.02]) moved down 1 cm: its top face is z = 0, normal +Z, centred on the origin.
    const top = [...floorFaces.entries()].find(([, f]) => f.normal === '0,0,1');
    expect(top, JSON.stringify([...floorFaces])).toBeDefined();
    expect(top![1].centroid).toBe('0,0,0');
    topFace = { index: top![0], at: top![1].at };
  });

  await test.step('a face selection travels as {kind: face, face_index} and the controller records it', async () => {
    await page.getByTestId('viewer-canvas').click({ position: topFace.at });
    await expect(page.getByTestId('context-card')).toHaveAttribute('data-normal', '0,0,1');
    const text = 'Add ribs under this face';
    await page.locator('#chat-input').fill(text);
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/episodes/${episode.id}/messages`));
    await page.getByRole('button', { name: 'Send Message' }).click();
    const selections = [{ kind: 'face', path: 'script.glb', name: 'floor', face_index: topFace.index }];
    expect((await posted).request().postDataJSON().selections).toEqual(selections);
    await expect
      .poll(async () => (await getEpisode(controller, episode.id)).traces.find((t) => t.trace_type === 'log' && t.content === text)?.metadata?.selections)
      .toEqual(selections);
    await waitForStatus(controller, episode.id, ['completed']);
  });

  await test.step('Subassembly mode selects the group a part belongs to', async () => {
    await page.getByTestId('mode-subassembly').click();
    await expect(page.getByTestId('mode-subassembly')).toHaveClass(/active/);
    const rows = page.getByTestId('model-part');
    const first = rows.first();
    const group = (await first.locator('span').textContent())!.trim();
    expect(group).not.toBe('');
    await first.click();
    await expect(page.getByTestId('context-card')).toHaveText([`Subassembly ${group}`]);
    // The selection is the group's actual members: every part of that subassembly, and no other.
    const members = await rows.evaluateAll((buttons) => buttons.map((b) => ({ part: b.getAttribute('data-part'), group: b.querySelector('span')?.textContent?.trim(), pressed: b.getAttribute('aria-pressed') })));
    expect(members.filter((m) => m.group === group).length).toBeGreaterThan(0);
    for (const m of members) expect(m.pressed, `${m.part} (${m.group})`).toBe(String(m.group === group));
  });

  await test.step('the model browser toggles off and on', async () => {
    await page.getByTestId('toggle-model-browser').click();
    await expect(page.getByTestId('model-browser')).toHaveCount(0);
    await expect(page.getByTestId('toggle-model-browser')).toHaveAttribute('aria-pressed', 'false');
    await page.getByTestId('toggle-model-browser').press('Enter');
    await expect(page.getByTestId('model-browser')).toBeVisible();
  });

  await test.step('the model the viewer shows is the one the controller serves', async () => {
    const res = await controller.get(`/episodes/${episode.id}/assets/script.glb`);
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 4).toString()).toBe('glTF');
  });

});

test('INT-167 the viewer loads the GLB through the controller\'s asset proxy; other methods are refused', { tag: ['@p0', '@frontend', '@INT-167'] }, async ({ page, controller, sessionId, stack }) => {
  test.setTimeout(120_000);
  const episode = await test.step('a finished run built a model', () => completedRun(controller, sessionId, 'Design a cradle'));

  await test.step('the browser fetches the GLB from the controller\'s /episodes/{id}/assets/ path', async () => {
    const glb = page.waitForResponse((r) => /\.glb$/.test(new URL(r.url()).pathname));
    await page.goto(`/?episode=${episode.id}`);
    const res = await glb;
    const url = new URL(res.url());
    expect(url.origin).toBe(new URL(stack.urls.controller!).origin);
    expect(url.pathname).toBe(`/episodes/${episode.id}/assets/script.glb`);
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 4).toString()).toBe('glTF');
    await expect(page.getByTestId('model-part').first()).toBeVisible();
  });

  await test.step('no model comes from anywhere else (no local mock geometry)', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.reload();
    await expect(page.getByTestId('model-part').first()).toBeVisible();
    const models = requests.filter((u) => /\.(glb|gltf|stl|obj)(\?|$)/.test(u));
    expect(models.length).toBeGreaterThan(0);
    for (const u of models) expect(u.startsWith(`${stack.urls.controller}/episodes/${episode.id}/assets/`)).toBe(true);
  });

  await test.step('expected failure: POST, PUT and DELETE on the proxy are refused (405)', async () => {
    for (const method of ['post', 'put', 'delete'] as const) {
      const res = await controller[method](`/episodes/${episode.id}/assets/script.glb`, { data: {} });
      expect(res.status(), method).toBe(405);
    }
  });

});
