// validate-and-price (POST /benchmark/validate with assembly_definition.yaml): INT-010 totals and
// the benchmark caps, INT-011 planner targets within the caps, INT-035 materials per method from
// config/manufacturing.yaml, INT-036 CNC / IM / 3DP costs recomputed here by hand from the
// geometry the worker reports (volumes, bounding boxes, surface areas) and the config's numbers.
import fs from 'node:fs';
import { parse } from 'yaml';
import { test, expect } from '../fixtures/workbench.ts';
import { putPricedDefinition, type Definition } from '../fixtures/workbench/assembly.ts';
import { heavy, putScene } from './support/heavy-scenes.ts';

const CONFIG = parse(fs.readFileSync(new URL('../config/manufacturing.yaml', import.meta.url), 'utf8'));

/** A CNC aluminium bracket (4 drilled holes), an injection-moulded ABS cover and a printed PLA clip, apart on the ground. */
const SCRIPT = `import { box, part } from 'workbench/cad';
export default () => [
  part('bracket', box([0.1, 0.06, 0.01]).translate(-0.3, 0, 0.005), { material_id: 'aluminum_6061', fixed: true, manufacturing_method: 'CNC' }),
  part('cover', box([0.08, 0.08, 0.002]).translate(0, -0.3, 0.001), { material_id: 'abs', fixed: true, manufacturing_method: 'IM' }),
  part('clip', box([0.03, 0.02, 0.01]).translate(-0.3, 0.3, 0.005), { material_id: 'pla', fixed: true, manufacturing_method: '3DP' }),
];
`;

function definition(q: { bracket?: number; cover?: number; clip?: number } = {}, targets = { max_unit_cost: 900, max_weight_g: 900 }): Definition {
  return {
    version: 1,
    manufactured_parts: [
      { name: 'bracket', manufacturing_method: 'CNC', material: 'aluminum_6061', quantity: q.bracket ?? 10, holes: 4 },
      { name: 'cover', manufacturing_method: 'IM', material: 'abs', quantity: q.cover ?? 1000, holes: 0 },
      { name: 'clip', manufacturing_method: '3DP', material: 'pla', quantity: q.clip ?? 50, holes: 0 },
    ],
    cots_parts: [{ part_id: 'FST-M5X16-SHCS', quantity: 4, unit_price: 0.22 }],
    final_assembly: { joints: [], fasteners: [] },
    totals: { unit_cost: 0, weight_g: 0 },
    planner_targets: targets,
  };
}

const OBJECTIVES = { start: [0.35, 0.35, 0.2], constraints: { max_unit_cost: 1000, max_weight_g: 1000 } };
type Priced = { name: string; method: string; volume_cm3: number; surface_area_cm2: number; bbox_mm: number[]; mass_g: number; figures: Record<string, any>; lines: Record<string, number>; unit_cost: number };
const partOf = (v: any, name: string): Priced => v.artifacts.pricing.parts.find((p: Priced) => p.name === name);
const codes = (v: any) => (v.problems ?? []).map((p: { code: string }) => p.code);
const product = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

/** The hand computation of one part's unit cost, from its reported geometry and the config file. */
function byHand(p: Priced, quantity: number, holes: number): number {
  const mat = CONFIG.materials[p.method === 'CNC' ? 'aluminum_6061' : p.method === 'IM' ? 'abs' : 'pla'];
  if (p.method === 'CNC') {
    const r = CONFIG.methods.CNC;
    const stock = product(p.bbox_mm.map((d) => d + 2 * r.stock_margin_mm)) / 1000; // cm³
    const minutes = (stock - p.volume_cm3) / r.removal_rate_cm3_per_min.aluminum_6061;
    return (stock * mat.density_g_cm3 / 1000) * mat.price_per_kg + (minutes / 60) * r.machine_rate_per_hour + r.setup_fee / quantity + holes * r.drilling_cost_per_hole;
  }
  if (p.method === 'IM') {
    const r = CONFIG.methods.IM;
    const tooling = r.tooling_base_cost + r.tooling_cost_per_cm2 * p.surface_area_cm2;
    const shotKg = (p.volume_cm3 * mat.density_g_cm3 * (1 + r.scrap_factor)) / 1000;
    const cycleS = r.cycle_time_base_s + r.cycle_time_per_cm3_s * p.volume_cm3;
    return tooling / quantity + shotKg * mat.price_per_kg + (cycleS / 3600) * r.machine_rate_per_hour + r.setup_fee / quantity;
  }
  const r = CONFIG.methods['3DP'];
  const deposited = p.volume_cm3 * r.infill_factor;
  return (deposited * mat.density_g_cm3 / 1000) * mat.price_per_kg + (deposited / r.print_rate_cm3_per_hour) * r.machine_rate_per_hour + r.setup_fee / quantity + holes * r.drilling_cost_per_hole;
}

test.describe('validate-and-price', () => {
  test('INT-036 CNC, injection moulding and 3D-print costs follow from the measured geometry; unit cost falls with quantity', { tag: ['@p1', '@INT-036'] }, async ({ workerLight, sessionId }) => {
    await putScene(workerLight, sessionId, SCRIPT, OBJECTIVES, { assembly: false });
    const { validation: v } = await putPricedDefinition(workerLight, sessionId, definition());
    expect(codes(v)).toEqual([]);
    expect(v.success).toBe(true);

    await test.step('the reported geometry is the solids\' own: volume, bounding box and surface area of each box', async () => {
      for (const [name, dims] of [['bracket', [100, 60, 10]], ['cover', [80, 80, 2]], ['clip', [30, 20, 10]]] as const) {
        const p = partOf(v, name);
        p.bbox_mm.forEach((d, i) => expect(d, `${name} bbox`).toBeCloseTo(dims[i]!, 3));
        expect(p.volume_cm3, `${name} volume`).toBeCloseTo(product([...dims]) / 1000, 3);
        expect(p.surface_area_cm2, `${name} area`).toBeCloseTo((2 * (dims[0] * dims[1] + dims[1] * dims[2] + dims[0] * dims[2])) / 100, 3);
      }
    });

    await test.step('each unit cost recomputed by hand from those figures and config/manufacturing.yaml', async () => {
      const bracket = partOf(v, 'bracket');
      expect(bracket.figures.stock_mm).toEqual([104, 64, 14].map((x) => expect.closeTo(x, 3)));
      expect(bracket.lines.drilling).toBeCloseTo(4 * CONFIG.methods.CNC.drilling_cost_per_hole, 9);
      expect(bracket.unit_cost).toBeCloseTo(byHand(bracket, 10, 4), 6);
      const cover = partOf(v, 'cover');
      expect(cover.lines.tooling).toBeCloseTo((CONFIG.methods.IM.tooling_base_cost + CONFIG.methods.IM.tooling_cost_per_cm2 * cover.surface_area_cm2) / 1000, 6);
      expect(cover.unit_cost).toBeCloseTo(byHand(cover, 1000, 0), 6);
      const clip = partOf(v, 'clip');
      expect(clip.figures.deposited_volume_cm3).toBeCloseTo(6 * CONFIG.methods['3DP'].infill_factor, 3);
      expect(clip.unit_cost).toBeCloseTo(byHand(clip, 50, 0), 6);
      const cots = 4 * 0.22;
      expect(v.artifacts.pricing.totals.unit_cost).toBeCloseTo(bracket.unit_cost + cover.unit_cost + clip.unit_cost + cots, 6);
      const weight = bracket.volume_cm3 * 2.7 + cover.volume_cm3 * 1.04 + clip.volume_cm3 * 1.24 + 4 * 4.2;
      expect(v.artifacts.pricing.totals.weight_g).toBeCloseTo(weight, 3);
      expect(v.artifacts.totals).toMatchObject({ cost: expect.closeTo(v.artifacts.pricing.totals.unit_cost, 6), mass_g: expect.closeTo(weight, 3) });
    });

    await test.step('unit cost falls with quantity: setup and tooling amortize over the batch', async () => {
      const { validation: more } = await putPricedDefinition(workerLight, sessionId, definition({ bracket: 100, cover: 10000, clip: 500 }));
      expect(more.success).toBe(true);
      for (const [name, q1, q2, fixed] of [
        ['bracket', 10, 100, CONFIG.methods.CNC.setup_fee],
        ['cover', 1000, 10000, CONFIG.methods.IM.setup_fee + partOf(v, 'cover').figures.tooling_cost],
        ['clip', 50, 500, CONFIG.methods['3DP'].setup_fee],
      ] as const) {
        const drop = partOf(v, name).unit_cost - partOf(more, name).unit_cost;
        expect(drop, name).toBeGreaterThan(0);
        expect(drop, name).toBeCloseTo(fixed / q1 - fixed / q2, 6);
      }
      expect(more.artifacts.pricing.totals.unit_cost).toBeLessThan(v.artifacts.pricing.totals.unit_cost);
    });
  });

  test('INT-010 declared totals must equal the computed sum and stay within the planner targets; over the benchmark caps blocks the handoff', { tag: ['@p0', '@INT-010'] }, async ({
    workerLight,
    workerHeavy,
    sessionId,
  }) => {
    await putScene(workerLight, sessionId, SCRIPT, OBJECTIVES, { assembly: false });
    const { validation: ok, text } = await putPricedDefinition(workerLight, sessionId, definition());
    expect(ok.success).toBe(true);
    const computed = ok.artifacts.pricing.totals;

    await test.step('expected failure: declared unit cost 5 % off the computed sum → TOTALS_MISMATCH naming both', async () => {
      const sid = `${sessionId}-totals`;
      await putScene(workerLight, sid, SCRIPT, OBJECTIVES, { assembly: text.replace(/unit_cost: [\d.]+/, `unit_cost: ${(computed.unit_cost * 1.05).toFixed(2)}`) });
      const v = (await heavy(workerHeavy, 'validate', sid, {})).body as any;
      expect(v.success).toBe(false);
      expect(v.problems).toContainEqual({ file: 'assembly_definition.yaml', field: 'totals.unit_cost', code: 'TOTALS_MISMATCH', message: expect.stringContaining(`does not equal the computed unit cost ${computed.unit_cost.toFixed(2)}`) });
      expect((await heavy(workerHeavy, 'submit', sid, {})).body.success).toBe(false);
    });

    await test.step('expected failure: a computed cost above the planner target → OVER_TARGET', async () => {
      const sid = `${sessionId}-target`;
      await putScene(workerLight, sid, SCRIPT, OBJECTIVES, { assembly: false });
      const { validation: v } = await putPricedDefinition(workerLight, sid, definition({}, { max_unit_cost: Math.floor(computed.unit_cost / 2), max_weight_g: 900 }));
      expect(v.success).toBe(false);
      expect(v.problems).toContainEqual(expect.objectContaining({ field: 'planner_targets.max_unit_cost', code: 'OVER_TARGET' }));
    });

    await test.step('expected failure: over the benchmark caps (objectives constraints) → OVER_CAP; simulate and submit refuse the handoff', async () => {
      const sid = `${sessionId}-cap`;
      const caps = { max_unit_cost: Math.floor(computed.unit_cost / 2), max_weight_g: Math.floor(computed.weight_g / 2) };
      await putScene(workerLight, sid, SCRIPT, { ...OBJECTIVES, constraints: caps }, { assembly: false });
      const { validation: v } = await putPricedDefinition(workerLight, sid, definition({}, caps));
      expect(v.success).toBe(false);
      expect(v.problems).toEqual(
        expect.arrayContaining([
          { file: 'objectives.yaml', field: 'constraints.max_unit_cost', code: 'OVER_CAP', message: expect.stringContaining(`total cost ${computed.unit_cost.toFixed(2)} exceeds max_unit_cost ${caps.max_unit_cost}`) },
          { file: 'objectives.yaml', field: 'constraints.max_weight_g', code: 'OVER_CAP', message: expect.stringContaining(`exceeds max_weight_g ${caps.max_weight_g} g`) },
        ]),
      );
      expect((await heavy(workerHeavy, 'simulate', sid, { smoke_test_mode: true, seed: 1 })).body.message).toContain('simulate refused');
      expect((await heavy(workerHeavy, 'submit', sid, {})).body.success).toBe(false);
    });

    await test.step('expected failure: a COTS price that differs from the catalog, an unknown catalog part → refused by field', async () => {
      const sid = `${sessionId}-cots`;
      await putScene(workerLight, sid, SCRIPT, OBJECTIVES, { assembly: false });
      const def = definition();
      def.cots_parts = [{ part_id: 'FST-M5X16-SHCS', quantity: 4, unit_price: 0.25 }, { part_id: 'NOPE-0000', quantity: 1, unit_price: 1 }];
      const { validation: v } = await putPricedDefinition(workerLight, sid, def);
      expect(v.success).toBe(false);
      expect(v.problems).toEqual(
        expect.arrayContaining([
          { file: 'assembly_definition.yaml', field: 'cots_parts[0].unit_price', code: 'COTS_PRICE_MISMATCH', message: expect.stringContaining('FST-M5X16-SHCS unit_price 0.25 differs from the catalog price 0.22') },
          expect.objectContaining({ field: 'cots_parts[1].part_id', code: 'COTS_UNKNOWN_PART' }),
        ]),
      );
    });
  });

  test('INT-011 planner targets must not exceed the benchmark caps', { tag: ['@p0', '@INT-011'] }, async ({ workerLight, sessionId }) => {
    await putScene(workerLight, sessionId, SCRIPT, OBJECTIVES, { assembly: false });
    await test.step('targets equal to the caps → accepted', async () => {
      const { validation: v } = await putPricedDefinition(workerLight, sessionId, definition({}, { max_unit_cost: 1000, max_weight_g: 1000 }));
      expect(codes(v)).toEqual([]);
    });
    await test.step('expected failure: targets above max_unit_cost and max_weight_g → TARGET_EXCEEDS_CAP naming both fields', async () => {
      const { validation: v } = await putPricedDefinition(workerLight, sessionId, definition({}, { max_unit_cost: 1500, max_weight_g: 1001 }));
      expect(v.success).toBe(false);
      expect(v.problems).toEqual([
        { file: 'assembly_definition.yaml', field: 'planner_targets.max_unit_cost', code: 'TARGET_EXCEEDS_CAP', message: 'planner_targets.max_unit_cost 1500 exceeds the benchmark cap objectives.yaml constraints.max_unit_cost 1000' },
        { file: 'assembly_definition.yaml', field: 'planner_targets.max_weight_g', code: 'TARGET_EXCEEDS_CAP', message: 'planner_targets.max_weight_g 1001 g exceeds the benchmark cap objectives.yaml constraints.max_weight_g 1000 g' },
      ]);
    });
  });

  test('INT-035 only materials the manufacturing config allows for the method are accepted', { tag: ['@p1', '@INT-035'] }, async ({ workerLight, sessionId }) => {
    await putScene(workerLight, sessionId, SCRIPT, OBJECTIVES, { assembly: false });
    await test.step('expected failure: aluminium for an IM part → MATERIAL_NOT_ALLOWED naming IM and its allowed materials', async () => {
      const def = definition();
      def.manufactured_parts[1].material = 'aluminum_6061';
      const { validation: v } = await putPricedDefinition(workerLight, sessionId, def);
      expect(v.success).toBe(false);
      expect(v.artifacts.failure.reason).toBe('MANUFACTURABILITY_FAILED');
      expect(v.problems).toContainEqual({
        file: 'assembly_definition.yaml',
        field: 'manufactured_parts[1].material',
        code: 'MATERIAL_NOT_ALLOWED',
        message: `aluminum_6061 is not allowed for IM (allowed for IM: ${CONFIG.methods.IM.materials.join(', ')}; config/manufacturing.yaml methods.IM.materials)`,
      });
    });
    await test.step('expected failure: a material the config does not know → UNKNOWN_MATERIAL', async () => {
      const def = definition();
      def.manufactured_parts[2].material = 'unobtainium';
      const { validation: v } = await putPricedDefinition(workerLight, sessionId, def);
      expect(v.success).toBe(false);
      expect(v.problems).toContainEqual(expect.objectContaining({ field: 'manufactured_parts[2].material', code: 'UNKNOWN_MATERIAL' }));
    });
    await test.step('the allowed materials → accepted', async () => {
      const { validation: v } = await putPricedDefinition(workerLight, sessionId, definition());
      expect(v.success).toBe(true);
    });
  });
});
