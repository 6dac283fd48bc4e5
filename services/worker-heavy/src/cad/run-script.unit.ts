import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { runBuildScript, ScriptError } from './run-script.ts';

function session(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cad-unit-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

test('a TypeScript build script returns exact solids with metadata', async () => {
  const dir = session({
    'script.ts': `import { box, cylinder, sphere, part, union } from 'workbench/cad';
      export default function build(): ReturnType<typeof part>[] {
        const plate = box([0.1, 0.1, 0.01]).difference(cylinder(0.01, 0.05));
        const knob = union(sphere(0.01), box([0.01, 0.01, 0.03])).translate(0.2, 0, 0);
        return [part('plate', plate, { material_id: 'steel', fixed: true }), part('knob', knob, { material_id: 'abs', fixed: false })];
      }`,
  });
  const parts = await runBuildScript(path.join(dir, 'script.ts'), dir);
  expect(parts.map((p) => p.name)).toEqual(['plate', 'knob']);
  // 0.1·0.1·0.01 minus a Ø20 mm hole (48-gon) through the 10 mm plate
  const hole = 0.5 * 48 * 0.01 ** 2 * Math.sin((2 * Math.PI) / 48) * 0.01;
  expect(parts[0]!.volume).toBeCloseTo(1e-4 - hole, 10);
  expect(parts[0]!.metadata).toEqual({ material_id: 'steel', fixed: true });
  expect(parts[1]!.bbox.min[0]).toBeCloseTo(0.19, 6);
  expect(parts[1]!.mesh.tri.length % 3).toBe(0);
});

test('an .mjs script with a named build export works', async () => {
  const dir = session({ 'script.mjs': `import { box, part } from 'workbench/cad'; export async function build() { return { parts: [part('b', box([1, 2, 3]), { material_id: 'wood', fixed: true })] }; }` });
  const [b] = await runBuildScript(path.join(dir, 'script.mjs'), dir);
  expect(b!.volume).toBeCloseTo(6, 9);
});

for (const [title, script, message] of [
  ['a part without metadata', `export default () => [part('bracket', box([1, 1, 1]))]`, /part "bracket" has no PartMetadata/],
  ['metadata without fixed', `export default () => [part('arm', box([1, 1, 1]), { material_id: 'steel' })]`, /part "arm" PartMetadata.fixed must be a boolean/],
  ['a script that throws', `export default () => { throw new Error('boom in build'); }`, /boom in build/],
  ['a part that is not a solid', `export default () => [{ name: 'ghost', solid: 42, metadata: { material_id: 'steel', fixed: true } }]`, /part "ghost" has no solid/],
  ['duplicate names', `export default () => [part('a', box([1,1,1]), { material_id: 'steel', fixed: true }), part('a', box([1,1,1]), { material_id: 'steel', fixed: true })]`, /part "a" is defined twice/],
  ['no build export', `export const x = 1;`, /must export a build function/],
] as const) {
  test(`expected failure: ${title}`, async () => {
    const dir = session({ 'script.ts': `import { box, part } from 'workbench/cad';\n${script}` });
    await expect(runBuildScript(path.join(dir, 'script.ts'), dir)).rejects.toThrow(message);
  });
}

test('expected failure: syntax errors, foreign imports and timeouts are ScriptErrors', async () => {
  const dir = session({
    'bad.ts': `export default () => [`,
    'foreign.ts': `import fastify from 'fastify'; export default () => fastify;`,
    'loop.ts': `export default () => { for (;;) {} };`,
  });
  await expect(runBuildScript(path.join(dir, 'bad.ts'), dir)).rejects.toThrow(/bad.ts could not be compiled/);
  await expect(runBuildScript(path.join(dir, 'foreign.ts'), dir)).rejects.toThrow(/may import only "workbench\/cad"/);
  const started = Date.now();
  const error = await runBuildScript(path.join(dir, 'loop.ts'), dir, { timeoutMs: 1500 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ScriptError);
  expect((error as Error).message).toMatch(/loop.ts timed out after 1.5 s/);
  expect(Date.now() - started).toBeLessThan(5000);
});
