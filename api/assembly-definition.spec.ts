// INT-009: assembly_definition.yaml is parsed strictly by validate-and-price: required fields,
// unknown keys refused, numbers typed per manufacturing method, methods spelled CNC|3DP|IM, every
// script part declared, template-like files refused. Each refusal names file, field and reason;
// the same scene with a sound file validates, so each failure is the file's and nothing else's.
import { stringify } from 'yaml';
import { test, expect } from '../fixtures/workbench.ts';
import { FLOOR_ASSEMBLY } from '../fixtures/workbench/assembly.ts';
import { heavy, putScene, SCRIPTS } from './support/heavy-scenes.ts';

const OBJECTIVES = { start: [0.35, 0.35, 0.2] };
const floor = (part: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) =>
  stringify({
    version: 1,
    manufactured_parts: [{ name: 'floor', manufacturing_method: 'CNC', material: 'aluminum_6061', quantity: 1, holes: 0, ...part }],
    cots_parts: [],
    final_assembly: { joints: [], fasteners: [] },
    totals: { unit_cost: 598.18, weight_g: 34560 },
    planner_targets: { max_unit_cost: 1000, max_weight_g: 40000 },
    ...rest,
  });

const TEMPLATE = `version: 1
manufactured_parts:
  - name: <part name>
    manufacturing_method: CNC
    material: TODO
    quantity: 1
cots_parts: []
final_assembly:
  joints:
    - { name: hinge, type: revolute, parent: floor, child: floor2, axis: [x, y, z], anchor: [0, 0, 0] }
  fasteners: []
totals: { unit_cost: 0, weight_g: 0 }
planner_targets: { max_unit_cost: 10, max_weight_g: 10 }
`;

test.describe('assembly definition', () => {
  test('INT-009 assembly_definition.yaml schema: required fields, numeric types per method, exact method names, template-like files refused', { tag: ['@p0', '@INT-009'] }, async ({
    workerLight,
    workerHeavy,
    sessionId,
  }) => {
    const check = async (suffix: string, assembly: string | false, script = SCRIPTS.floor) => {
      const sid = `${sessionId}-${suffix}`;
      await putScene(workerLight, sid, script, OBJECTIVES, { assembly });
      return (await heavy(workerHeavy, 'validate', sid, {})).body as any;
    };
    const refused = async (suffix: string, assembly: string | false, expected: Record<string, unknown>[], script?: string) => {
      const v = await check(suffix, assembly, script);
      expect(v.success, suffix).toBe(false);
      expect(v.artifacts.failure.reason).toMatch(/VALIDATION_FAILED|MANUFACTURABILITY_FAILED/);
      for (const p of expected) expect(v.problems, suffix).toContainEqual(expect.objectContaining(p));
      for (const p of expected) if (p.message instanceof RegExp || typeof p.message === 'string') expect(v.message).toContain(String(p.field ?? ''));
      return v;
    };

    await test.step('a sound file validates (and its figures are priced)', async () => {
      const v = await check('ok', FLOOR_ASSEMBLY);
      expect(v.problems).toEqual([]);
      expect(v.success).toBe(true);
      expect(v.artifacts.pricing.totals.unit_cost).toBeCloseTo(598.18, 1);
    });

    await test.step('expected failure: no assembly_definition.yaml → ASSEMBLY_MISSING', async () => {
      await refused('missing', false, [{ file: 'assembly_definition.yaml', code: 'ASSEMBLY_MISSING' }]);
    });

    await test.step('expected failure: unknown keys at the top and inside a part → UNKNOWN_KEY naming the dotted field', async () => {
      await refused('unknown', floor({ colour: 'red' }, { notes: 'x' }), [
        { field: 'manufactured_parts[0].colour', code: 'UNKNOWN_KEY' },
        { field: 'notes', code: 'UNKNOWN_KEY' },
      ]);
    });

    await test.step('expected failure: required fields missing → MISSING_FIELD', async () => {
      const text = floor().replace(/totals:[\s\S]*?planner_targets:/, 'planner_targets:').replace(/    quantity: 1\n/, '');
      await refused('required', text, [
        { field: 'totals', code: 'MISSING_FIELD' },
        { field: 'manufactured_parts[0].quantity', code: 'MISSING_FIELD' },
      ]);
    });

    await test.step('expected failure: numbers typed per method — a string quantity, a fractional hole count, IM drilled holes, infill on CNC', async () => {
      await refused('types', floor({ quantity: '4', holes: 1.5, infill: 0.3 }), [
        { field: 'manufactured_parts[0].quantity', code: 'INVALID_TYPE', message: expect.stringContaining('must be an integer') },
        { field: 'manufactured_parts[0].holes', code: 'INVALID_TYPE' },
        { field: 'manufactured_parts[0].infill', code: 'FIELD_NOT_FOR_METHOD', message: expect.stringContaining('applies to 3DP parts only') },
      ]);
      await refused('im-holes', floor({ manufacturing_method: 'IM', material: 'abs', holes: 2 }), [
        { field: 'manufactured_parts[0].holes', code: 'FIELD_NOT_FOR_METHOD', message: expect.stringContaining('must be 0 for IM') },
      ]);
      await refused('cots-price', floor({}, { cots_parts: [{ part_id: 'FST-M5X16-SHCS', quantity: 2.5, unit_price: 'cheap' }] }), [
        { field: 'cots_parts[0].quantity', code: 'INVALID_TYPE' },
        { field: 'cots_parts[0].unit_price', code: 'INVALID_TYPE' },
      ]);
    });

    await test.step("expected failure: a lowercase method, in the file or in the script's PartMetadata → INVALID_METHOD saying how to spell it", async () => {
      await refused('lower', floor({ manufacturing_method: 'cnc' }), [
        { field: 'manufactured_parts[0].manufacturing_method', code: 'INVALID_METHOD', message: expect.stringContaining('write "CNC", not "cnc"') },
      ]);
      await refused('lower-script', FLOOR_ASSEMBLY, [{ file: 'script.ts', field: 'floor.manufacturing_method', code: 'INVALID_METHOD', message: expect.stringContaining("write 'CNC', not 'cnc'") }], SCRIPTS.floor.replace("'CNC'", "'cnc'"));
    });

    await test.step('expected failure: a declared part the script does not build, and a script part left undeclared', async () => {
      const twoParts = SCRIPTS.floor.replace('return [', "return [part('post', box([0.02, 0.02, 0.1]).translate(-0.3, -0.3, 0.05), { material_id: 'steel', fixed: true }), ");
      await refused('names', floor({ name: 'flor' }), [
        { field: 'manufactured_parts[0].name', code: 'UNKNOWN_PART', message: expect.stringContaining('"flor" is not a part label returned by the build script') },
        { field: 'manufactured_parts', code: 'PART_NOT_DECLARED', message: expect.stringContaining('"floor"') },
      ]);
      await refused('undeclared', FLOOR_ASSEMBLY, [{ code: 'PART_NOT_DECLARED', message: expect.stringContaining('"post"') }], twoParts);
    });

    await test.step('expected failure: a template left with placeholders → TEMPLATE_PLACEHOLDER per line', async () => {
      const v = await refused('template', TEMPLATE, [
        { code: 'TEMPLATE_PLACEHOLDER', message: expect.stringContaining('line 3 holds an angle-bracket placeholder ("<part name>")') },
        { code: 'TEMPLATE_PLACEHOLDER', message: expect.stringContaining('line 5 holds a TODO/TBD/FIXME marker') },
        { code: 'TEMPLATE_PLACEHOLDER', message: expect.stringContaining('[x, y, z]') },
      ]);
      expect(v.artifacts.pricing).toBeNull();
      await refused('ellipsis', floor().replace('cots_parts: []', 'cots_parts:\n  - ...'), [{ code: 'TEMPLATE_PLACEHOLDER', message: expect.stringContaining('ellipsis') }]);
    });

    await test.step('expected failure: not YAML, or not a mapping → refused, never a 500', async () => {
      await refused('syntax', 'version: [1\n', [{ code: 'YAML_SYNTAX' }]);
      await refused('list', '- 1\n- 2\n', [{ code: 'INVALID_TYPE' }]);
    });
  });
});
