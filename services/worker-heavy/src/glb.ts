// The model as GLB for the viewer: one named node + mesh per part (names = part names), plus the
// moved object at its start pose; part metadata travels in `extras`.
import { Document, NodeIO } from '@gltf-transform/core';
import type { ChildPart } from './cad/run-script.ts';
import type { Vec3 } from './objectives.ts';

export interface GlbExtra {
  name: string;
  /** Triangle mesh in world coordinates. */
  vert: number[];
  tri: number[];
  extras?: Record<string, unknown>;
}

export async function writeGlb(parts: ChildPart[], extra: GlbExtra[] = []): Promise<Uint8Array> {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const scene = doc.createScene('model');
  const meshes: GlbExtra[] = [
    ...parts.map((p) => ({ name: p.name, vert: p.mesh.vert, tri: p.mesh.tri, extras: { ...p.metadata, volume_m3: p.volume } })),
    ...extra,
  ];
  for (const m of meshes) {
    const position = doc.createAccessor(`${m.name}-position`).setType('VEC3').setArray(Float32Array.from(m.vert)).setBuffer(buffer);
    const indices = doc.createAccessor(`${m.name}-indices`).setType('SCALAR').setArray(Uint32Array.from(m.tri)).setBuffer(buffer);
    const prim = doc.createPrimitive().setAttribute('POSITION', position).setIndices(indices);
    const mesh = doc.createMesh(m.name).addPrimitive(prim);
    const node = doc.createNode(m.name).setMesh(mesh).setExtras(m.extras ?? {});
    scene.addChild(node);
  }
  doc.getRoot().setDefaultScene(scene);
  return new NodeIO().writeBinary(doc);
}

/** A UV-sphere/box mesh of the moved object for the GLB (viewer only; physics uses exact shapes). */
export function movedObjectMesh(shape: 'sphere' | 'box' | 'cylinder', dims: { radius: number; size: Vec3; height: number }, at: Vec3): { vert: number[]; tri: number[] } {
  const vert: number[] = [];
  const tri: number[] = [];
  if (shape === 'box') {
    const [hx, hy, hz] = dims.size.map((s) => s / 2) as Vec3;
    for (const z of [-hz, hz]) for (const y of [-hy, hy]) for (const x of [-hx, hx]) vert.push(at[0] + x, at[1] + y, at[2] + z);
    tri.push(0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4, 2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5);
    return { vert, tri };
  }
  const rings = 12, segs = 24;
  for (let i = 0; i <= rings; i++) {
    const phi = (Math.PI * i) / rings;
    for (let j = 0; j < segs; j++) {
      const th = (2 * Math.PI * j) / segs;
      const r = shape === 'sphere' ? dims.radius * Math.sin(phi) : dims.radius;
      const z = shape === 'sphere' ? dims.radius * Math.cos(phi) : dims.height * (0.5 - i / rings);
      vert.push(at[0] + r * Math.cos(th), at[1] + r * Math.sin(th), at[2] + z);
    }
  }
  for (let i = 0; i < rings; i++) {
    for (let j = 0; j < segs; j++) {
      const a = i * segs + j, b = i * segs + ((j + 1) % segs), c = a + segs, d = b + segs;
      tri.push(a, c, b, b, c, d);
    }
  }
  return { vert, tri };
}
