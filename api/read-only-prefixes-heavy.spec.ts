import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';
import { heavy, putFile, putScene, readFile, SCRIPTS } from './support/heavy-scenes.ts';

test.describe('read-only prefixes (heavy worker)', () => {
  test('INT-063 the heavy worker honours /utils, /skills, /reviews, /config: build scripts cannot change them and no output lands there', { tag: ['@p0', '@INT-063'] }, async ({
    workerLight,
    workerHeavy,
    sessionId,
  }) => {
    const h = sessionHeaders(sessionId);
    await putScene(workerLight, sessionId, SCRIPTS.floor, { start: [0.35, 0.35, 0.2] });
    const readme = await readFile(workerLight, sessionId, 'utils/README.md');
    expect(readme?.length).toBeGreaterThan(20);

    await test.step('expected failure: a build script writing into /utils and /config is denied; the seeded files are unchanged', async () => {
      await putFile(
        workerLight,
        sessionId,
        'deface.ts',
        `import fs from 'node:fs';
import { box, part } from 'workbench/cad';
export default () => {
  fs.writeFileSync('utils/README.md', 'defaced by build script');
  fs.writeFileSync('config/injected.yaml', 'x: 1');
  return [part('floor', box([0.8, 0.8, 0.02]).translate(0, 0, -0.01), { material_id: 'aluminum_6061', fixed: true })];
};
`,
      );
      for (const route of ['validate', 'simulate'] as const) {
        const r = await heavy(workerHeavy, route, sessionId, { script_path: 'deface.ts', smoke_test_mode: true, seed: 1 });
        expect(r.status, route).toBe(200);
        expect(r.body.artifacts.failure, route).toEqual({ reason: 'VALIDATION_FAILED', detail: 'build script deface.ts: access denied: build scripts cannot write files' });
      }
      expect(await readFile(workerLight, sessionId, 'utils/README.md')).toBe(readme);
      expect(await (await workerLight.post('/fs/exists', { headers: h, data: { path: '/config/injected.yaml' } })).json()).toMatchObject({ exists: false });
    });

    await test.step('a script that swallows the denial still validates, and the prefixes are still untouched', async () => {
      await putFile(
        workerLight,
        sessionId,
        'sneaky.ts',
        `import fs from 'node:fs';
import { box, part } from 'workbench/cad';
export default () => {
  try { fs.writeFileSync('skills/evil.md', 'x'); } catch {}
  return [part('floor', box([0.8, 0.8, 0.02]).translate(0, 0, -0.01), { material_id: 'aluminum_6061', fixed: true })];
};
`,
      );
      const r = await heavy(workerHeavy, 'validate', sessionId, { script_path: 'sneaky.ts' });
      expect(r.body.success).toBe(true);
      expect(await (await workerLight.post('/fs/exists', { headers: h, data: { path: '/skills/evil.md' } })).json()).toMatchObject({ exists: false });
    });

    await test.step('expected failure: simulating a script that lives under a prefix would write its GLB there → 403 naming body.script_path', async () => {
      const r = await heavy(workerHeavy, 'simulate', sessionId, { script_path: 'utils/units.mjs', smoke_test_mode: true, seed: 1 });
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ error: 'read_only_path', field: 'body.script_path' });
      expect(r.body.message).toContain('/utils/units.glb');
      expect(await (await workerLight.post('/fs/exists', { headers: h, data: { path: '/utils/units.glb' } })).json()).toMatchObject({ exists: false });
    });

    await test.step('expected failure: the same through a bundle (a remote heavy worker) → 403, nothing written under the prefix', async () => {
      const bundle = await workerLight.post('/fs/bundle', { headers: h });
      expect(bundle.status()).toBe(200);
      const remote = `${sessionId}-remote`;
      const r = await heavy(workerHeavy, 'simulate', remote, { bundle_base64: (await bundle.body()).toString('base64'), script_path: 'utils/units.mjs', smoke_test_mode: true, seed: 1 });
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ error: 'read_only_path', field: 'body.script_path' });
    });

    await test.step('the session root stays writable: a simulation writes its results and GLB there', async () => {
      const r = await heavy(workerHeavy, 'simulate', sessionId, { smoke_test_mode: true, seed: 1 });
      expect(r.status).toBe(200);
      expect(r.body.artifacts.glb_path).toBe('script.glb');
      expect(await (await workerLight.post('/fs/exists', { headers: h, data: { path: '/script.glb' } })).json()).toMatchObject({ exists: true });
    });
  });
});
