// Worker-side solid geometry on the same kernel the build scripts use (manifold-3d): parts are
// rebuilt from their exact meshes for booleans — intersection volumes between parts and against
// the moved object's start envelope — and convexity (which collider the physics may use).
import Module from 'manifold-3d';
import type { Manifold as ManifoldT, ManifoldToplevel } from 'manifold-3d';
import type { ChildPart } from './cad/run-script.ts';
import { overlaps, type Box3, type MovedObject, type Vec3 } from './objectives.ts';

let kernel: Promise<ManifoldToplevel> | undefined;

export function loadKernel(): Promise<ManifoldToplevel> {
  kernel ??= Module().then((wasm) => {
    wasm.setup();
    return wasm;
  });
  return kernel;
}

export interface Solidified {
  name: string;
  manifold: ManifoldT;
  bbox: Box3;
}

export async function solidify(part: ChildPart): Promise<Solidified> {
  const wasm = await loadKernel();
  const mesh = new wasm.Mesh({
    numProp: 3,
    vertProperties: Float32Array.from(part.mesh.vert),
    triVerts: Uint32Array.from(part.mesh.tri),
  });
  mesh.merge();
  const manifold = new wasm.Manifold(mesh);
  return { name: part.name, manifold, bbox: { min: part.bbox.min as Vec3, max: part.bbox.max as Vec3 } };
}

export interface Intersection {
  a: string;
  b: string;
  volume_m3: number;
}

/** Pairwise solid–solid intersection volumes above `tolerance` (m³), bounding-box pre-filtered. */
export function intersections(solids: Solidified[], tolerance: number, skip: (a: string, b: string) => boolean = () => false): Intersection[] {
  const found: Intersection[] = [];
  for (let i = 0; i < solids.length; i++) {
    for (let j = i + 1; j < solids.length; j++) {
      const a = solids[i]!;
      const b = solids[j]!;
      if (!overlaps(a.bbox, b.bbox) || skip(a.name, b.name)) continue;
      const common = a.manifold.intersect(b.manifold);
      const volume = common.volume();
      common.delete();
      if (volume > tolerance) found.push({ a: a.name, b: b.name, volume_m3: volume });
    }
  }
  return found;
}

/** The solid swept by the moved object over its start jitter box (convex hull of the 8 corners). */
export async function movedEnvelope(m: MovedObject): Promise<ManifoldT> {
  const { Manifold } = await loadKernel();
  const base =
    m.shape === 'sphere'
      ? Manifold.sphere(m.radius, 32)
      : m.shape === 'cylinder'
        ? Manifold.cylinder(m.height, m.radius, m.radius, 32, true)
        : Manifold.cube(m.size, true);
  const copies: ManifoldT[] = [];
  for (const sx of [-1, 1]) for (const sy of [-1, 1]) for (const sz of [-1, 1]) {
    copies.push(base.translate([
      m.start_position[0] + sx * m.runtime_jitter[0],
      m.start_position[1] + sy * m.runtime_jitter[1],
      m.start_position[2] + sz * m.runtime_jitter[2],
    ]));
  }
  return Manifold.hull(copies);
}

/** A solid is convex when its hull adds (almost) no volume. */
export function isConvex(manifold: ManifoldT): boolean {
  const hull = manifold.hull();
  const extra = hull.volume() - manifold.volume();
  hull.delete();
  return extra <= 1e-4 * Math.max(manifold.volume(), 1e-15);
}
