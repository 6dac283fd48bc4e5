import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { sandboxSupport } from '../../../shared/src/sandbox.ts';
import { parseChildResult, runBuildScript, ScriptError } from './run-script.ts';

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
  const { parts, sources } = await runBuildScript(path.join(dir, 'script.ts'), dir);
  expect(parts.map((p) => p.name)).toEqual(['plate', 'knob']);
  expect(sources).toEqual(['script.ts']);
  // 0.1·0.1·0.01 minus a Ø20 mm hole (48-gon) through the 10 mm plate; measured by the worker
  // from the float32 mesh, so exact to ~1e-7 relative
  const hole = 0.5 * 48 * 0.01 ** 2 * Math.sin((2 * Math.PI) / 48) * 0.01;
  expect(parts[0]!.volume / (1e-4 - hole)).toBeCloseTo(1, 6);
  expect(parts[0]!.metadata).toEqual({ material_id: 'steel', fixed: true });
  expect(parts[1]!.bbox.min[0]).toBeCloseTo(0.19, 6);
  expect(parts[1]!.mesh.tri.length % 3).toBe(0);
});

test('an .mjs script with a named build export works', async () => {
  const dir = session({ 'script.mjs': `import { box, part } from 'workbench/cad'; export async function build() { return { parts: [part('b', box([1, 2, 3]), { material_id: 'wood', fixed: true })] }; }` });
  const [b] = (await runBuildScript(path.join(dir, 'script.mjs'), dir)).parts;
  expect(b!.volume).toBeCloseTo(6, 5);
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
  const error = await runBuildScript(path.join(dir, 'loop.ts'), dir, { timeoutMs: 1500 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ScriptError);
  expect((error as Error).message).toMatch(/loop.ts timed out after 1.5 s/);
});

test('expected failure: a script cannot fake volume or bounding box — the worker measures the mesh', async () => {
  const dir = session({
    'forge.ts': `import { box, part } from 'workbench/cad';
      export default () => {
        const s = box([0.1, 0.1, 0.1]);
        (s.manifold as any).volume = () => 1e-9;
        (s.manifold as any).boundingBox = () => ({ min: [0, 0, 0], max: [0.001, 0.001, 0.001] });
        return [part('cube', s, { material_id: 'steel', fixed: true })];
      };`,
    // Writes the parts report itself, with invented figures, and exits before the harness does.
    'selfreport.ts': `import fs from 'node:fs';
      const cube = { vert: [0,0,0, 1,0,0, 0,1,0, 1,1,0, 0,0,1, 1,0,1, 0,1,1, 1,1,1],
        tri: [0,2,1, 1,2,3, 4,5,6, 5,7,6, 0,1,4, 1,5,4, 2,6,3, 3,6,7, 0,4,2, 2,4,6, 1,3,5, 3,7,5] };
      fs.writeFileSync(process.env.WORKBENCH_PARTS_OUT!, JSON.stringify({ ok: true, parts: [{ name: 'm', metadata: { material_id: 'steel', fixed: true }, volume: 1e-12, bbox: { min: [0,0,0], max: [0,0,0] }, mesh: cube }] }));
      process.exit(0);`,
  });
  const [cube] = (await runBuildScript(path.join(dir, 'forge.ts'), dir)).parts;
  expect(cube!.volume).toBeCloseTo(1e-3, 9);
  expect(cube!.bbox).toEqual({ min: [-0.05, -0.05, -0.05].map(Math.fround), max: [0.05, 0.05, 0.05].map(Math.fround) });
  // A report the script wrote itself is measured like any other: a 1 m cube is 1 m³, whatever it claims.
  const [m] = (await runBuildScript(path.join(dir, 'selfreport.ts'), dir)).parts;
  expect(m!.volume).toBeCloseTo(1, 9);
  expect(m!.bbox).toEqual({ min: [0, 0, 0], max: [1, 1, 1] });
});

test('expected failure: the parts report is re-checked: non-manifold meshes, missing metadata and bad indices name the part', async () => {
  const cube = { vert: [0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1], tri: [0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4, 2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5] };
  const meta = { material_id: 'steel', fixed: true };
  const report = (parts: unknown[]) => JSON.stringify({ ok: true, parts });
  expect(() => parseChildResult('{not json', 's.ts')).toThrow(/s.ts returned a malformed parts report/);
  expect(() => parseChildResult(report([{ name: 'a', mesh: cube }]), 's.ts')).toThrow(/part "a" has no PartMetadata/);
  expect(() => parseChildResult(report([{ name: 'a', metadata: meta, mesh: cube }, { name: 'a', metadata: meta, mesh: cube }]), 's.ts')).toThrow(/part "a" is defined twice/);
  expect(() => parseChildResult(report([{ name: 'a', metadata: meta, mesh: { vert: cube.vert, tri: [0, 1, 99] } }]), 's.ts')).toThrow(/part "a" mesh has invalid triangles/);
  // A single triangle parses but is no solid: the worker's own kernel refuses it, naming the part.
  const dir = session({
    'sheet.ts': `import fs from 'node:fs';
      fs.writeFileSync(process.env.WORKBENCH_PARTS_OUT!, JSON.stringify({ ok: true, parts: [{ name: 'sheet', metadata: { material_id: 'steel', fixed: true }, mesh: { vert: [0,0,0, 1,0,0, 0,1,0], tri: [0,1,2] } }] }));
      process.exit(0);`,
  });
  await expect(runBuildScript(path.join(dir, 'sheet.ts'), dir)).rejects.toThrow(/sheet.ts: part "sheet" is not a closed solid/);
});

test('expected failure: build scripts are sandboxed — no other session, no host files, no network, no processes', async () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cad-sandbox-'));
  const other = path.join(parent, 'other');
  fs.mkdirSync(other);
  fs.writeFileSync(path.join(other, 'secret.txt'), 'SECRET-OF-OTHER');
  const dir = path.join(parent, 'mine');
  fs.mkdirSync(dir);
  const scripts: Record<string, string> = {
    'neighbour.ts': `import fs from 'node:fs'; export default () => { throw new Error('LEAK:' + fs.readFileSync('../other/secret.txt', 'utf8')); };`,
    'host.ts': `import fs from 'node:fs'; export default () => { throw new Error('LEAK:' + fs.readdirSync('/').join(',')); };`,
    'write.ts': `import fs from 'node:fs'; fs.writeFileSync('notes.txt', 'x'); export default () => [];`,
    'spawn.ts': `import { execSync } from 'node:child_process'; export default () => { throw new Error('LEAK:' + execSync('id').toString()); };`,
    'net.ts': `export default async () => { await fetch('http://127.0.0.1:39999/').catch((e) => { throw new Error('net:' + e.cause?.code); }); throw new Error('LEAK: network reachable'); };`,
    'importout.ts': `import secret from '../other/secret.txt'; export default () => { throw new Error('LEAK:' + secret); };`,
    'abs.ts': `import x from ${JSON.stringify(path.join(other, 'secret.txt'))}; export default () => { throw new Error('LEAK:' + x); };`,
  };
  for (const [name, text] of Object.entries(scripts)) fs.writeFileSync(path.join(dir, name), text);
  for (const name of Object.keys(scripts)) {
    const error = (await runBuildScript(path.join(dir, name), dir).catch((e: unknown) => e)) as Error;
    expect(error, name).toBeInstanceOf(ScriptError);
    expect(error.message, name).not.toMatch(/LEAK|SECRET/);
    expect(error.message, name).not.toContain(dir); // the session's host path never shows
  }
  expect(fs.existsSync(path.join(dir, 'notes.txt'))).toBe(false);
  const msg = async (name: string) => ((await runBuildScript(path.join(dir, name), dir).catch((e: unknown) => e)) as Error).message;
  expect(await msg('neighbour.ts')).toMatch(/access denied: build scripts can read only the session's files/);
  expect(await msg('write.ts')).toMatch(/access denied: build scripts cannot write files/);
  expect(await msg('spawn.ts')).toMatch(/access denied: build scripts cannot start processes/);
  expect(await msg('importout.ts')).toMatch(/cannot import "..\/other\/secret.txt": build scripts may import only/);
  // In a network namespace even loopback is down; without one (permission-only fallback) the port is just closed.
  expect(await msg('net.ts')).toMatch(sandboxSupport().unshare.length ? /net:ENETUNREACH/ : /net:/);
});

test('expected failure: error messages show session paths relative to the session, never the host path', async () => {
  const dir = session({ 'missing.ts': `import fs from 'node:fs'; export default () => fs.readFileSync(process.cwd() + '/data/missing.json', 'utf8');` });
  const error = (await runBuildScript(path.join(dir, 'missing.ts'), dir).catch((e: unknown) => e)) as Error;
  expect(error.message).toMatch(/missing.ts: ENOENT: no such file or directory, open 'data\/missing.json'/);
  expect(error.message).not.toContain(fs.realpathSync(dir));
});

test('expected failure: a build script cannot signal the worker: not its process group, not its PID', async () => {
  let received = 0;
  const onSignal = () => received++;
  process.on('SIGUSR2', onSignal);
  try {
    const namespaces = sandboxSupport().unshare.length > 0;
    const dir = session({
      'signal.ts': `import { box, part } from 'workbench/cad';
        export default () => {
          process.kill(0, 'SIGUSR2'); // the caller's group, were the run in it
          ${namespaces ? `try { process.kill(${process.pid}, 'SIGUSR2'); } catch (e) { if ((e as any).code !== 'ESRCH') throw e; }` : ''}
          return [part('a', box([1, 1, 1]), { material_id: 'steel', fixed: true })];
        };`,
    });
    // The script's own group gets the signal (Node's default for SIGUSR2 ends it) — the worker's does not.
    await runBuildScript(path.join(dir, 'signal.ts'), dir).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200)); // let a stray signal arrive
    expect(received).toBe(0);
  } finally {
    process.off('SIGUSR2', onSignal);
  }
});
