// Worker-side solid geometry on the same kernel the build scripts use (manifold-3d): parts are
// rebuilt from their exact meshes for booleans — intersection volumes between parts and against
// the moved object's start envelope — and convexity (which collider the physics may use).
import Module from 'manifold-3d';
import type { Manifold as ManifoldT, ManifoldToplevel } from 'manifold-3d';
import { overlaps, type Box3, type MovedObject, type Vec3 } from './objectives.ts';

export type { Box3 };

/** A part's mesh is not a closed, oriented 2-manifold (or is empty): the message names the part. */
export class GeometryError extends Error {}

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

/** The exact solid for a triangle mesh; GeometryError naming the part when it is not a closed solid. */
export async function meshManifold(name: string, mesh: { vert: readonly number[]; tri: readonly number[] }): Promise<ManifoldT> {
  const wasm = await loadKernel();
  let manifold: ManifoldT;
  try {
    const m = new wasm.Mesh({ numProp: 3, vertProperties: Float32Array.from(mesh.vert), triVerts: Uint32Array.from(mesh.tri) });
    m.merge();
    manifold = new wasm.Manifold(m);
  } catch (error) {
    throw new GeometryError(`part "${name}" is not a closed solid: its mesh is not manifold (${(error as Error).message || String(error)})`);
  }
  const status = manifold.status();
  if (status !== 'NoError') {
    manifold.delete();
    throw new GeometryError(`part "${name}" is not a closed solid (${status})`);
  }
  if (manifold.isEmpty() || !(manifold.volume() > 0)) {
    manifold.delete();
    throw new GeometryError(`part "${name}" is an empty solid`);
  }
  return manifold;
}

const boxOf = (m: ManifoldT): Box3 => {
  const b = m.boundingBox();
  return { min: [...b.min] as Vec3, max: [...b.max] as Vec3 };
};

/** Volume (m³) and bounding box (m) measured from the mesh itself: what mass, cost and zones use. */
export async function measureMesh(name: string, mesh: { vert: readonly number[]; tri: readonly number[] }): Promise<{ volume: number; bbox: Box3 }> {
  const manifold = await meshManifold(name, mesh);
  try {
    return { volume: manifold.volume(), bbox: boxOf(manifold) };
  } finally {
    manifold.delete();
  }
}

export async function solidify(part: { name: string; mesh: { vert: readonly number[]; tri: readonly number[] } }): Promise<Solidified> {
  const manifold = await meshManifold(part.name, part.mesh);
  return { name: part.name, manifold, bbox: boxOf(manifold) };
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
