// INT-023: joint and fastener mating is checked against the exact solids. A base plate with a
// 6 mm through hole, a bracket on top of it with the same hole (an M5 screw joins them there), and
// an arm on a revolute joint standing on the base. Each defect is refused naming the joint or
// fastener, the field and the measured reason; the correct assembly validates.
import { test, expect } from '../fixtures/workbench.ts';
import { putPricedDefinition, type Definition } from '../fixtures/workbench/assembly.ts';
import { heavy, putScene } from './support/heavy-scenes.ts';

type Scene = { armLift?: number; anchor?: number[] };

function script({ armLift = 0, anchor = [-0.03, 0, 0.01] }: Scene = {}): string {
  return `import { box, cylinder, part } from 'workbench/cad';
const hole = () => cylinder(0.003, 0.05).translate(0.03, 0, 0);
export default () => [
  part('base', box([0.1, 0.1, 0.01]).translate(0, 0, 0.005).difference(hole()), { material_id: 'aluminum_6061', fixed: true, manufacturing_method: 'CNC' }),
  part('bracket', box([0.04, 0.04, 0.01]).translate(0.03, 0, 0.015).difference(hole()), { material_id: 'aluminum_6061', fixed: true, manufacturing_method: 'CNC' }),
  part('arm', box([0.01, 0.01, 0.05]).translate(-0.03, 0, 0.035 + ${armLift}), { material_id: 'aluminum_6061', fixed: false, manufacturing_method: 'CNC',
    joint: { type: 'revolute', parent: 'base', anchor: ${JSON.stringify(anchor)}, axis: [0, 0, 1] } }),
];
`;
}

function definition({ anchor = [-0.03, 0, 0.01], at = [0.03, 0, 0.01] }: { anchor?: number[]; at?: number[] } = {}): Definition {
  const made = (name: string, holes: number) => ({ name, manufacturing_method: 'CNC', material: 'aluminum_6061', quantity: 10, holes });
  return {
    version: 1,
    manufactured_parts: [made('base', 1), made('bracket', 1), made('arm', 0)],
    cots_parts: [{ part_id: 'FST-M5X16-SHCS', quantity: 1, unit_price: 0.22 }],
    final_assembly: {
      joints: [{ name: 'hinge', type: 'revolute', parent: 'base', child: 'arm', axis: [0, 0, 1], anchor }],
      fasteners: [{ part_id: 'FST-M5X16-SHCS', joins: ['base', 'bracket'], at }],
    },
    totals: { unit_cost: 0, weight_g: 0 },
    planner_targets: { max_unit_cost: 5000, max_weight_g: 5000 },
  };
}

const OBJECTIVES = { start: [0.35, 0.35, 0.2] };
const codes = (v: { problems?: { code: string }[] }) => (v.problems ?? []).map((p) => p.code);

test.describe('mating', () => {
  test('INT-023 joints whose parts do not touch, anchors outside both parts and fasteners without a hole are refused; a sound assembly validates', { tag: ['@p0', '@INT-023'] }, async ({
    workerLight,
    workerHeavy,
    sessionId,
  }) => {
    await test.step('a sound assembly: the arm stands on the base, the anchor is on the base, the screw sits in both holes → validated', async () => {
      const sid = `${sessionId}-ok`;
      await putScene(workerLight, sid, script(), OBJECTIVES, { assembly: false });
      const { validation } = await putPricedDefinition(workerLight, sid, definition());
      expect(codes(validation)).toEqual([]);
      expect(validation.success).toBe(true);
      const sim = await heavy(workerHeavy, 'simulate', sid, { smoke_test_mode: true, seed: 1 });
      expect(sim.body.message).not.toContain('refused');
    });

    await test.step('expected failure: the arm lifted 5 mm off the base → JOINT_PARTS_APART naming the joint and its distance', async () => {
      const sid = `${sessionId}-apart`;
      await putScene(workerLight, sid, script({ armLift: 0.005, anchor: [-0.03, 0, 0.0151] }), OBJECTIVES, { assembly: false });
      const { validation } = await putPricedDefinition(workerLight, sid, definition({ anchor: [-0.03, 0, 0.0151] }));
      expect(validation.success).toBe(false);
      expect(validation.problems).toContainEqual({
        file: 'assembly_definition.yaml',
        field: 'final_assembly.joints[0].parent',
        code: 'JOINT_PARTS_APART',
        message: expect.stringMatching(/joint "hinge": parent "base" and child "arm" do not touch \(5\.00 mm apart/),
      });
      expect(codes(validation)).not.toContain('JOINT_ANCHOR_OUTSIDE');
    });

    await test.step('expected failure: the joint anchor far from both parts → JOINT_ANCHOR_OUTSIDE naming the anchor field', async () => {
      const sid = `${sessionId}-anchor`;
      await putScene(workerLight, sid, script({ anchor: [0.2, 0.2, 0.2] }), OBJECTIVES, { assembly: false });
      const { validation } = await putPricedDefinition(workerLight, sid, definition({ anchor: [0.2, 0.2, 0.2] }));
      expect(validation.success).toBe(false);
      expect(validation.problems).toContainEqual({
        file: 'assembly_definition.yaml',
        field: 'final_assembly.joints[0].anchor',
        code: 'JOINT_ANCHOR_OUTSIDE',
        message: expect.stringContaining('joint "hinge": anchor [0.2, 0.2, 0.2] (the point its axis passes through) lies outside both "base" and "arm"'),
      });
      expect(codes(validation)).not.toContain('JOINT_PARTS_APART');
    });

    await test.step('expected failure: a screw placed where there is no hole (solid base, beside the bracket) → FASTENER_NOT_IN_HOLE for each part', async () => {
      const sid = `${sessionId}-nohole`;
      await putScene(workerLight, sid, script(), OBJECTIVES, { assembly: false });
      const { validation } = await putPricedDefinition(workerLight, sid, definition({ at: [-0.01, 0.02, 0.01] }));
      expect(validation.success).toBe(false);
      const holes = validation.problems!.filter((p: { code: string }) => p.code === 'FASTENER_NOT_IN_HOLE');
      expect(holes).toEqual([
        { file: 'assembly_definition.yaml', field: 'final_assembly.fasteners[0].at', code: 'FASTENER_NOT_IN_HOLE', message: expect.stringMatching(/fastener 1 \(FST-M5X16-SHCS\), part "base": at \[-0\.01, 0\.02, 0\.01\] is inside solid material/) },
        { file: 'assembly_definition.yaml', field: 'final_assembly.fasteners[0].at', code: 'FASTENER_NOT_IN_HOLE', message: expect.stringMatching(/part "bracket": at \[-0\.01, 0\.02, 0\.01\] is not surrounded by the part's material/) },
      ]);
    });

    await test.step('expected failure: the joint declared with another parent than the script gives it → JOINT_MISMATCH', async () => {
      const sid = `${sessionId}-mismatch`;
      await putScene(workerLight, sid, script(), OBJECTIVES, { assembly: false });
      const def = definition();
      def.final_assembly.joints[0].parent = 'bracket';
      const { validation } = await putPricedDefinition(workerLight, sid, def);
      expect(validation.success).toBe(false);
      expect(codes(validation)).toContain('JOINT_MISMATCH');
    });
  });
});
