// INT-023: the final assembly's joints and fasteners against the exact solids (manifold-3d).
// - a joint's parent and child must touch: their minimum distance ≤ MATING_TOLERANCE_M;
// - a joint's anchor (the axis passes through it) must lie within or on the parent or the child:
//   a cube of 2 × ANCHOR_TOLERANCE_M edge at the anchor must overlap one of them;
// - a fastener's `at` must be in a hole of every part it joins: no material in a small probe at
//   `at` (a void), yet material all around it across the fastener axis (rays from `at` outwards
//   in four directions perpendicular to the axis hit the part within HOLE_SEARCH_M) — a point
//   beside a part, or inside solid material, is no hole. Without `axis`, X, Y or Z may hold the hole.
// Fastened parts must touch each other, like jointed parts. Each refusal names the joint or
// fastener, the field and the measured reason. Script joints (PartMetadata.joint) must be declared.
import type { Manifold } from 'manifold-3d';
import type { ChildPart } from '../cad/run-script.ts';
import { loadKernel } from '../geometry.ts';
import { problem, type Problem } from '../problems.ts';
import { ASSEMBLY_FILE, WORLD, type AssemblyDefinition, type Vec3 } from './definition.ts';

/** Parts closer than this (m) touch: 0.1 mm, a tight fit. */
export const MATING_TOLERANCE_M = 1e-4;
/** Half-edge (m) of the probe cube that tests an anchor: 0.5 mm. */
export const ANCHOR_TOLERANCE_M = 5e-4;
/** Half-edge (m) of the void probe at a fastener position: 0.4 mm (fits any hole ≥ M1). */
export const HOLE_PROBE_M = 4e-4;
/** How far (m) from `at` the hole's wall must be found, across the axis: 10 mm. */
export const HOLE_SEARCH_M = 0.01;
/** The hole's wall is also looked for this far (m) along the axis from `at`: 1 mm. */
export const HOLE_AXIAL_STEP_M = 1e-3;

const F = ASSEMBLY_FILE;
const fmt = (v: readonly number[]) => `[${v.map((x) => +x.toFixed(5)).join(', ')}]`;
const norm = (v: Vec3): Vec3 => {
  const l = Math.hypot(...v);
  return [v[0] / l, v[1] / l, v[2] / l];
};
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const add = (a: Vec3, b: Vec3, s = 1): Vec3 => [a[0] + s * b[0], a[1] + s * b[1], a[2] + s * b[2]];

function perpendiculars(axis: Vec3): Vec3[] {
  const a = norm(axis);
  const ref: Vec3 = Math.abs(a[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const u = norm(cross(a, ref));
  const v = norm(cross(a, u));
  return [u, [-u[0], -u[1], -u[2]], v, [-v[0], -v[1], -v[2]]];
}

async function probeCube(at: Vec3, half: number): Promise<Manifold> {
  const { Manifold } = await loadKernel();
  return Manifold.cube([2 * half, 2 * half, 2 * half], true).translate(at);
}

function overlapVolume(a: Manifold, b: Manifold): number {
  const c = a.intersect(b);
  const v = c.volume();
  c.delete();
  return v;
}

/** Why `at` is not in a hole of `solid` along some allowed axis, or null when it is. */
async function holeProblem(solid: Manifold, at: Vec3, axis: Vec3 | undefined): Promise<string | null> {
  const probe = await probeCube(at, HOLE_PROBE_M);
  const material = overlapVolume(probe, solid);
  probe.delete();
  if (material > 1e-3 * (2 * HOLE_PROBE_M) ** 3) return `${fmt(at)} is inside solid material (no hole there)`;
  const axes: Vec3[] = axis ? [axis] : [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  for (const a of axes) {
    // At `at` and 1 mm either way along the axis: `at` often lies on the face where two fastened
    // parts meet, and a ray along a face grazes it; each part's wall is on its own side.
    for (const shift of [0, HOLE_AXIAL_STEP_M, -HOLE_AXIAL_STEP_M]) {
      const origin = add(at, a, shift);
      const walls = perpendiculars(a).map((d) => solid.rayCast(origin, add(origin, d, HOLE_SEARCH_M)).length > 0);
      if (walls.every(Boolean)) return null;
    }
  }
  return `${fmt(at)} is not surrounded by the part's material across the ${axis ? `axis ${fmt(axis)}` : 'X, Y or Z axis'} within ${HOLE_SEARCH_M * 1000} mm (not in a hole: beside the part, or in an open notch)`;
}

export async function matingProblems(def: AssemblyDefinition, parts: ChildPart[], solids: Map<string, Manifold>): Promise<Problem[]> {
  const problems: Problem[] = [];
  const known = (name: string, field: string, what: string): Manifold | undefined => {
    const s = solids.get(name);
    if (!s) problems.push(problem(F, 'UNKNOWN_PART', `${what}: "${name}" is not a part returned by the build script (parts: ${[...solids.keys()].join(', ')})`, field));
    return s;
  };
  const gap = (a: Manifold, b: Manifold) => a.minGap(b, 1);

  const declared = new Map(def.final_assembly.joints.map((j) => [j.child, j]));
  for (const p of parts) {
    const sj = p.metadata.joint as { type?: string; parent?: string } | undefined;
    if (!sj || typeof sj !== 'object') continue;
    const parent = sj.parent ?? WORLD;
    const j = declared.get(p.name);
    if (!j) {
      problems.push(problem(F, 'JOINT_NOT_DECLARED', `the build script gives part "${p.name}" a ${String(sj.type)} joint to "${parent}", but final_assembly.joints has no joint with child "${p.name}"`, 'final_assembly.joints'));
    } else if (j.parent !== parent || j.type !== sj.type) {
      const i = def.final_assembly.joints.indexOf(j);
      problems.push(problem(F, 'JOINT_MISMATCH', `joint "${j.name}" declares ${j.type} ${j.parent} → ${j.child}, the build script has ${String(sj.type)} ${parent} → ${p.name}`, `final_assembly.joints[${i}]`));
    }
  }

  for (const [i, j] of def.final_assembly.joints.entries()) {
    const field = `final_assembly.joints[${i}]`;
    const what = `joint "${j.name}"`;
    const child = known(j.child, `${field}.child`, `${what} child`);
    const parent = j.parent === WORLD ? undefined : known(j.parent, `${field}.parent`, `${what} parent`);
    if (!child || (j.parent !== WORLD && !parent)) continue;
    if (parent) {
      const d = gap(parent, child);
      if (d > MATING_TOLERANCE_M) {
        problems.push(problem(F, 'JOINT_PARTS_APART', `${what}: parent "${j.parent}" and child "${j.child}" do not touch (${(d * 1000).toFixed(2)} mm apart; tolerance ${MATING_TOLERANCE_M * 1000} mm)`, `${field}.parent`));
      }
    }
    const probe = await probeCube(j.anchor, ANCHOR_TOLERANCE_M);
    const onPart = [child, ...(parent ? [parent] : [])].some((s) => overlapVolume(probe, s) > 0);
    probe.delete();
    if (!onPart) {
      problems.push(
        problem(
          F,
          'JOINT_ANCHOR_OUTSIDE',
          `${what}: anchor ${fmt(j.anchor)} (the point its axis passes through) lies outside ${parent ? `both "${j.parent}" and "${j.child}"` : `"${j.child}"`} (more than ${ANCHOR_TOLERANCE_M * 1000} mm from their material)`,
          `${field}.anchor`,
        ),
      );
    }
  }

  const cots = new Set(def.cots_parts.map((c) => c.part_id));
  for (const [i, f] of def.final_assembly.fasteners.entries()) {
    const field = `final_assembly.fasteners[${i}]`;
    const what = `fastener ${i + 1} (${f.part_id})`;
    if (!cots.has(f.part_id)) problems.push(problem(F, 'FASTENER_NOT_IN_COTS', `${what}: part_id "${f.part_id}" is not listed in cots_parts`, `${field}.part_id`));
    const joined = f.joins.map((n, k) => [n, known(n, `${field}.joins[${k}]`, `${what} joins`)] as const);
    for (const [k, [name, solid]] of joined.entries()) {
      if (!solid) continue;
      const why = await holeProblem(solid, f.at, f.axis ? norm(f.axis) : undefined);
      if (why) problems.push(problem(F, "FASTENER_NOT_IN_HOLE", `${what}, part "${name}": at ${why}`, `${field}.at`));
      for (const [name2, solid2] of joined.slice(k + 1)) {
        if (!solid2) continue;
        const d = gap(solid, solid2);
        if (d > MATING_TOLERANCE_M) problems.push(problem(F, 'FASTENED_PARTS_APART', `${what}: "${name}" and "${name2}" do not touch (${(d * 1000).toFixed(2)} mm apart)`, `${field}.joins`));
      }
    }
  }
  return problems;
}
