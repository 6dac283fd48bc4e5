import { test, expect } from '@playwright/test';
import { manufacturingConfig, parseManufacturingConfig } from '../materials.ts';
import { priceCnc } from '../pricing/cnc.ts';
import { priceIm } from '../pricing/im.ts';
import { pricePrint3d } from '../pricing/print3d.ts';
import { declaredPartNames, parseAssemblyDefinition } from './definition.ts';

const OK = `version: 1
manufactured_parts:
  - { name: floor, manufacturing_method: CNC, material: aluminum_6061, quantity: 1, holes: 0 }
  - { name: clip, manufacturing_method: 3DP, material: pla, quantity: 5, infill: 0.2 }
cots_parts:
  - { part_id: FST-M5X16-SHCS, quantity: 4, unit_price: 0.22 }
final_assembly:
  joints:
    - { name: hinge, type: revolute, parent: floor, child: clip, axis: [0, 0, 1], anchor: [0, 0, 0.05] }
  fasteners:
    - { part_id: FST-M5X16-SHCS, joins: [floor, clip], at: [0.1, 0.1, 0] }
totals: { unit_cost: 12.34, weight_g: 1234.5 }
planner_targets: { max_unit_cost: 50, max_weight_g: 3000 }
`;

test('a sound assembly_definition.yaml parses; declaredPartNames lists parts and catalog IDs', () => {
  const r = parseAssemblyDefinition(OK);
  expect(r.problems).toEqual([]);
  expect(declaredPartNames(r.definition!)).toEqual(['floor', 'clip', 'FST-M5X16-SHCS']);
  expect(r.definition!.manufactured_parts[1]).toEqual({ name: 'clip', manufacturing_method: '3DP', material: 'pla', quantity: 5, holes: 0, infill: 0.2 });
});

test('expected failure: each schema violation is its own problem with a dotted field', () => {
  const bad = OK.replace('manufacturing_method: CNC', 'manufacturing_method: cnc')
    .replace('quantity: 5, infill: 0.2', 'quantity: 5.5, infill: 2')
    .replace('unit_price: 0.22', 'unit_price: "0.22", extra: 1')
    .replace('type: revolute', 'type: hinge');
  const fields = parseAssemblyDefinition(bad).problems.map((p) => `${p.code} ${p.field}`);
  expect(fields).toEqual(
    expect.arrayContaining([
      'INVALID_METHOD manufactured_parts[0].manufacturing_method',
      'INVALID_TYPE manufactured_parts[1].quantity',
      'INVALID_VALUE manufactured_parts[1].infill',
      'INVALID_TYPE cots_parts[0].unit_price',
      'UNKNOWN_KEY cots_parts[0].extra',
      'INVALID_VALUE final_assembly.joints[0].type',
    ]),
  );
  expect(parseAssemblyDefinition(OK.replace('name: clip, manufacturing_method: 3DP', 'name: floor, manufacturing_method: 3DP')).problems.map((p) => p.code)).toContain('DUPLICATE_NAME');
  expect(parseAssemblyDefinition(OK.replace('[0.1, 0.1, 0]', '[x, y, z]')).problems.map((p) => p.code)).toContain('TEMPLATE_PLACEHOLDER');
  expect(parseAssemblyDefinition(OK + '# x_min goes here\n').problems.map((p) => p.code)).toEqual(['TEMPLATE_PLACEHOLDER']);
});

test('expected failure: a broken manufacturing config is refused naming the key', () => {
  expect(() => parseManufacturingConfig('materials: {}\nmethods: {}\n')).toThrow(/methods.CNC must be a mapping/);
});

test('the three formulas on a 10 cm cube, by hand from the config', () => {
  const cfg = manufacturingConfig();
  const part = { name: 'cube', volume_m3: 1e-3, surface_area_m2: 0.06, bbox: { min: [0, 0, 0] as [number, number, number], max: [0.1, 0.1, 0.1] as [number, number, number] } };
  const al = cfg.materials.get('aluminum_6061')!;
  const cnc = priceCnc({ part, material: al, quantity: 10, holes: 2 });
  const stock = 10.4 ** 3;
  expect(cnc.unit_cost).toBeCloseTo((stock * 2.7) / 1000 * 8 + ((stock - 1000) / 30 / 60) * 75 + 15 + 1, 9);
  const abs = cfg.materials.get('abs')!;
  const im = priceIm({ part, material: abs, quantity: 1000, holes: 0 });
  expect(im.unit_cost).toBeCloseTo((2500 + 12 * 600) / 1000 + (1000 * 1.04 * 1.05) / 1000 * 3 + ((15 + 500) / 3600) * 60 + 0.3, 9);
  const pla = cfg.materials.get('pla')!;
  const p = pricePrint3d({ part, material: pla, quantity: 5, holes: 0 });
  expect(p.unit_cost).toBeCloseTo((400 * 1.24) / 1000 * 25 + (400 / 15) * 4 + 1, 9);
  expect(priceCnc({ part, material: al, quantity: 100, holes: 2 }).unit_cost).toBeLessThan(cnc.unit_cost);
});
