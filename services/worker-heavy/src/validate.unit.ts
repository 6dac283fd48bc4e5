import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { test, expect } from '@playwright/test';
import { sceneDir, SCRIPTS } from './simulate/scenes.fixture.ts';
import { WorkspaceError } from '../../shared/src/workspace.ts';
import { assertOutputWritable } from './jobs/io.ts';
import { verificationPassed } from './jobs/verify.ts';
import { fingerprintOf, hashInputs } from './records.ts';
import { loadSession, setupProblems, validateAssembly } from './validate.ts';
import { unpackBundle } from './workspace.ts';

const assembly = (parts: [string, string, string][], totals = { unit_cost: 0, weight_g: 0 }) =>
  JSON.stringify({
    version: 1,
    manufactured_parts: parts.map(([name, manufacturing_method, material]) => ({ name, manufacturing_method, material, quantity: 1, holes: 0 })),
    cots_parts: [],
    final_assembly: { joints: [], fasteners: [] },
    totals,
    planner_targets: { max_unit_cost: 1e6, max_weight_g: 1e7 },
  });

test('intersection volume between overlapping solids is measured, mass and cost come from the manufacturing config', async () => {
  const dir = sceneDir({
    script: `import { box, part } from 'workbench/cad';
      export default () => [
        part('a', box([0.1, 0.1, 0.1]).translate(0, 0, 0.05), { material_id: 'steel', fixed: true, manufacturing_method: 'CNC' }),
        part('b', box([0.1, 0.1, 0.1]).translate(0.08, 0, 0.05), { material_id: 'pla', fixed: true, manufacturing_method: 'CNC' }),
      ];`,
    start: [0.35, 0.35, 0.2],
  });
  const s = await loadSession(dir, 'script.ts');
  const r = await validateAssembly(s.parts, s.objectives, assembly([['a', 'CNC', 'steel'], ['b', '3DP', 'pla']]));
  expect(r.intersections).toHaveLength(1);
  expect(r.intersections[0]!.volume_cm3).toBeCloseTo(0.02 * 0.1 * 0.1 * 1e6, 3);
  // volumes are measured from the float32 mesh the script returns: exact to ~1e-7 relative
  expect(r.parts[0]!.mass_g / (1e-3 * 7850 * 1000)).toBeCloseTo(1, 6);
  // CNC: stock 104 mm cube of steel, 124.864 cm³ removed at 8 cm³/min, 75 $/h, setup 150
  const stock = 10.4 ** 3;
  expect(r.parts[0]!.cost).toBeCloseTo((stock * 7.85 / 1000) * 2.5 + ((stock - 1000) / 8 / 60) * 75 + 150, 3);
  expect(r.failure?.reason).toBe('VALIDATION_FAILED');
  expect(r.manufacturability_errors[0]).toMatch(/part "b": pla cannot be made by CNC \(allowed for CNC: .*\)/);
  expect(r.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['MATERIAL_NOT_ALLOWED', 'PARTS_INTERSECT', 'METHOD_MISMATCH']));
});

test('build zone, caps and the moved object across its jitter range', async () => {
  const dir = sceneDir({
    script: SCRIPTS.floor,
    start: [0.35, 0.35, 0.015],
    jitter: [0, 0, 0.01],
    build: { min: [-0.3, -0.3, -0.1], max: [0.3, 0.3, 0.3] },
    constraints: { max_weight_g: 100, max_unit_cost: 1 },
  });
  const s = await loadSession(dir, 'script.ts');
  const r = await validateAssembly(s.parts, s.objectives, assembly([['floor', 'CNC', 'aluminum_6061']]));
  expect(r.build_zone_violations[0]).toMatch(/part "floor" bounding box .* is outside objectives.build_zone/);
  expect(r.objectives_problems.join('\n')).toMatch(/moved object "ball" intersects part "floor" within its start jitter range/);
  expect(r.errors.join('\n')).toMatch(/total weight .* exceeds max_weight_g 100/);
  expect(r.errors.join('\n')).toMatch(/total cost .* exceeds max_unit_cost 1/);
});

function tarEntry(name: string, body: string, type = '0', linkname = ''): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(Buffer.byteLength(body).toString(8).padStart(11, '0') + '\0', 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write(type, 156);
  header.write(linkname, 157);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const data = Buffer.alloc(Math.ceil(Buffer.byteLength(body) / 512) * 512);
  data.write(body);
  return Buffer.concat([header, data]);
}
const bundle = (...entries: Buffer[]) => gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)])).toString('base64');

test('bundles unpack regular files; escaping paths and links are refused naming the entry', () => {
  const files = unpackBundle(bundle(tarEntry('script.ts', 'export default 1'), tarEntry('sub/objectives.yaml', 'a: 1')));
  expect(files.get('script.ts')?.toString()).toBe('export default 1');
  expect(files.get('sub/objectives.yaml')?.toString()).toBe('a: 1');
  expect(() => unpackBundle(bundle(tarEntry('../evil.ts', 'x')))).toThrow(/bundle entry "..\/evil.ts" escapes the workspace/);
  expect(() => unpackBundle(bundle(tarEntry('link', '', '2', '/etc/passwd')))).toThrow(/bundle entry "link" is a SymbolicLink/);
  expect(() => unpackBundle('not base64 !!')).toThrow(/bundle_base64 is not base64/);
  expect(() => unpackBundle(Buffer.from('plain').toString('base64'))).toThrow(/not a gzip tarball/);
  expect(fs.existsSync(path.join(process.cwd(), 'evil.ts'))).toBe(false);
});

test('expected failure: simulate/verify share the setup checks — a part named like the moved object, a start in the goal, an unusable jitter override', async () => {
  const dir = sceneDir({
    script: `import { box, part } from 'workbench/cad';\nexport default () => [part('ball', box([0.02, 0.02, 0.02]).translate(-0.2, -0.2, 0.3), { material_id: 'steel', fixed: false })];`,
    start: [0.35, 0.35, 0.05],
  });
  const s = await loadSession(dir, 'script.ts');
  const problems = await setupProblems(s.parts, s.objectives);
  expect(problems).toContain('part "ball" has the same name as the moved object (moved_object.label); rename one of them');
  expect(problems).toContain('moved object "ball" start range (start_position ± runtime_jitter) already touches objectives.goal_zone');
  const far = sceneDir({ script: SCRIPTS.floor, start: [0.35, 0.35, 0.2] });
  const f = await loadSession(far, 'script.ts');
  expect(await setupProblems(f.parts, f.objectives)).toEqual([]);
  // ± 19.5 cm of vertical jitter reaches down into the goal zone and into the floor
  const override = (await setupProblems(f.parts, f.objectives, { range: [0, 0, 0.195], name: 'jitter_range' })).join('\n');
  expect(override).toContain('moved object "ball" start range (start_position ± jitter_range) already touches objectives.goal_zone');
  expect(override).toMatch(/moved object "ball" intersects part "floor" within its start jitter range/);
});

test('the verification pass rule is strictly above 90 %: 9 of 10 fails, 19 of 20 passes', () => {
  expect(verificationPassed(9, 10)).toBe(false);
  expect(verificationPassed(10, 10)).toBe(true);
  expect(verificationPassed(19, 20)).toBe(true);
  expect(verificationPassed(18, 20)).toBe(false);
  expect(verificationPassed(0, 0)).toBe(false);
});

test('expected failure: outputs under a read-only prefix are refused, also through a symlinked folder', async () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wb-out-unit-')));
  fs.mkdirSync(path.join(root, 'utils'));
  fs.symlinkSync(path.join(root, 'utils'), path.join(root, 'tools'));
  await expect(assertOutputWritable(root, 'script.glb', 'body.script_path')).resolves.toBeUndefined();
  await expect(assertOutputWritable(root, 'new/deep/script.glb', 'body.script_path')).resolves.toBeUndefined();
  for (const rel of ['utils/evil.glb', 'config/x/y.glb', 'tools/evil.glb']) {
    const error = await assertOutputWritable(root, rel, 'body.script_path').catch((e: unknown) => e);
    expect(error, rel).toBeInstanceOf(WorkspaceError);
    expect(error, rel).toMatchObject({ statusCode: 403, code: 'read_only_path', field: 'body.script_path' });
  }
});

test('input fingerprints change with any input file and record a missing one as null', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-fp-unit-'));
  fs.writeFileSync(path.join(dir, 'script.ts'), 'a');
  fs.writeFileSync(path.join(dir, 'objectives.yaml'), 'b');
  const before = hashInputs(dir, ['script.ts', 'objectives.yaml', 'script.ts']);
  expect(before.map((f) => f.path)).toEqual(['objectives.yaml', 'script.ts']);
  fs.writeFileSync(path.join(dir, 'objectives.yaml'), 'b2');
  expect(fingerprintOf(hashInputs(dir, ['script.ts', 'objectives.yaml']))).not.toBe(fingerprintOf(before));
  fs.rmSync(path.join(dir, 'script.ts'));
  expect(hashInputs(dir, ['script.ts'])[0]).toEqual({ path: 'script.ts', sha256: null, bytes: 0 });
});
