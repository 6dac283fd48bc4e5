// What a click on the model selects in each mode.
import type * as THREE from 'three';
import type { Picked } from '../../context/ContextStore.tsx';
import type { Vec3 } from './faces.ts';

export type SelectionMode = 'part' | 'face' | 'subassembly';

/** The part a mesh belongs to: the nearest named ancestor below the model root. */
export function partOf(object: THREE.Object3D, root: THREE.Object3D): THREE.Object3D {
  let o: THREE.Object3D = object;
  while (!o.name && o.parent && o.parent !== root) o = o.parent;
  return o;
}

/** A part's subassembly: named in its metadata, else its group in the GLB, else fixed frame vs mechanism. */
export function subassemblyOf(part: THREE.Object3D, root: THREE.Object3D): string {
  const meta = part.userData ?? {};
  if (typeof meta.subassembly === 'string') return meta.subassembly;
  if (typeof meta.assembly === 'string') return meta.assembly;
  let o = part;
  while (o.parent && o.parent !== root && o.parent.parent) o = o.parent;
  if (o !== part && o.name) return o.name;
  if (meta.moved_object) return 'Moved object';
  return meta.fixed ? 'Fixed frame' : 'Mechanism';
}

/** `face`: the planar face under the click (./faces.ts), not three.js's triangle index. */
export function selectionFor(mode: SelectionMode, part: THREE.Object3D, root: THREE.Object3D, path: string, face?: { index: number; normal: Vec3; centroid: Vec3 }): Picked {
  if (mode === 'subassembly') return { kind: 'subassembly', path, name: subassemblyOf(part, root) };
  if (mode === 'face' && face) return { kind: 'face', path, name: part.name, face_index: face.index, normal: face.normal, centroid: face.centroid };
  return { kind: 'part', path, name: part.name };
}
