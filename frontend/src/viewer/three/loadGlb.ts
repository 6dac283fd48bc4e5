import * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';

/** A parsed GLB, with materials of our own so selection can tint each part. */
export async function parseGlb(buffer: ArrayBuffer): Promise<THREE.Group> {
  const gltf = await new GLTFLoader().parseAsync(buffer, '');
  const root = gltf.scene;
  root.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh) return;
    const moved = !!(mesh.userData.moved_object ?? mesh.parent?.userData.moved_object);
    mesh.material = new THREE.MeshStandardMaterial({ color: moved ? 0xe4803a : 0x8fa3b8, metalness: 0.15, roughness: 0.6, side: THREE.DoubleSide });
  });
  return root;
}

/** The named parts of a model: nodes that carry a mesh (the worker writes one per part). */
export function partsOf(root: THREE.Object3D): THREE.Object3D[] {
  const parts: THREE.Object3D[] = [];
  root.traverse((o) => {
    if ((o as THREE.Mesh).isMesh) parts.push(o.name ? o : (o.parent ?? o));
  });
  return [...new Set(parts)];
}
