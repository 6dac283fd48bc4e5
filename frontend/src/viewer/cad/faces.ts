// Planar faces of a triangle mesh: the GLB carries only triangles, so a "face" the user clicks
// is rebuilt here as the edge-connected group of coplanar triangles around the hit (a box has 6,
// whatever its triangulation). Faces are numbered by their lowest triangle, so the same mesh
// always gives the same numbers.
import * as THREE from 'three';

export type Vec3 = [number, number, number];

export interface PlanarFace {
  index: number;
  /** Unit normal and area-weighted centroid, in the geometry's own coordinates. */
  normal: Vec3;
  centroid: Vec3;
  area: number;
  triangles: number[];
}

export interface FaceMap {
  /** Face index of each triangle (three.js `faceIndex`). */
  faceOf: Int32Array;
  faces: PlanarFace[];
}

/** Cosine above which two triangle normals count as parallel. */
const PARALLEL = 1 - 1e-6;

export function planarFaces(geometry: THREE.BufferGeometry): FaceMap {
  const pos = geometry.getAttribute('position');
  const count = geometry.index ? geometry.index.count : pos.count;
  const vertexAt = (i: number) => (geometry.index ? geometry.index.getX(i) : i);
  geometry.computeBoundingBox();
  const size = geometry.boundingBox!.getSize(new THREE.Vector3()).length() || 1;
  // Tolerances relative to the model's size: float32 positions of a 1 m part are good to ~1e-7 m.
  const tol = size * 1e-5;

  // Vertices split for normals/UVs still share an edge: weld them by position.
  const welded = new Map<string, number>();
  const idOf = new Int32Array(pos.count);
  for (let v = 0; v < pos.count; v++) {
    const key = `${Math.round(pos.getX(v) / tol)},${Math.round(pos.getY(v) / tol)},${Math.round(pos.getZ(v) / tol)}`;
    let id = welded.get(key);
    if (id === undefined) welded.set(key, (id = welded.size));
    idOf[v] = id;
  }

  const triangles = Math.floor(count / 3);
  const corners: THREE.Vector3[][] = [];
  const normals: THREE.Vector3[] = [];
  const areas: number[] = [];
  const edges = new Map<string, number[]>();
  for (let t = 0; t < triangles; t++) {
    const vs = [0, 1, 2].map((k) => vertexAt(3 * t + k));
    const [a, b, c] = vs.map((v) => new THREE.Vector3().fromBufferAttribute(pos, v)) as [THREE.Vector3, THREE.Vector3, THREE.Vector3];
    const cross = new THREE.Vector3().subVectors(b, a).cross(new THREE.Vector3().subVectors(c, a));
    areas.push(cross.length() / 2);
    normals.push(cross.lengthSq() > 0 ? cross.normalize() : cross);
    corners.push([a, b, c]);
    const ids = vs.map((v) => idOf[v]!);
    for (let k = 0; k < 3; k++) {
      const [p, q] = [ids[k]!, ids[(k + 1) % 3]!];
      const key = p < q ? `${p}:${q}` : `${q}:${p}`;
      const list = edges.get(key);
      if (list) list.push(t);
      else edges.set(key, [t]);
    }
  }
  const neighbours = (t: number): number[] => {
    const out: number[] = [];
    for (let k = 0; k < 3; k++) {
      const [p, q] = [idOf[vertexAt(3 * t + k)]!, idOf[vertexAt(3 * t + ((k + 1) % 3))]!];
      for (const u of edges.get(p < q ? `${p}:${q}` : `${q}:${p}`) ?? []) if (u !== t) out.push(u);
    }
    return out;
  };

  const faceOf = new Int32Array(triangles).fill(-1);
  const faces: PlanarFace[] = [];
  for (let seed = 0; seed < triangles; seed++) {
    if (faceOf[seed] !== -1) continue;
    const index = faces.length;
    const n = normals[seed]!;
    const d = n.dot(corners[seed]![0]!);
    // Compared with the seed's plane, not the neighbour's, so a gently curved surface does not
    // creep into one "face".
    const onPlane = (u: number) => normals[u]!.dot(n) > PARALLEL && corners[u]!.every((p) => Math.abs(n.dot(p) - d) <= tol);
    const members: number[] = [];
    const queue = [seed];
    faceOf[seed] = index;
    while (queue.length) {
      const t = queue.pop()!;
      members.push(t);
      if (n.lengthSq() === 0) continue; // a degenerate triangle is a face of its own
      for (const u of neighbours(t)) {
        if (faceOf[u] === -1 && onPlane(u)) {
          faceOf[u] = index;
          queue.push(u);
        }
      }
    }
    members.sort((x, y) => x - y);
    let area = 0;
    const centroid = new THREE.Vector3();
    for (const t of members) {
      const [a, b, c] = corners[t]!;
      const w = areas[t]!;
      area += w;
      centroid.addScaledVector(new THREE.Vector3().add(a!).add(b!).add(c!).divideScalar(3), w);
    }
    if (area > 0) centroid.divideScalar(area);
    else centroid.copy(corners[seed]![0]!);
    faces.push({ index, normal: n.toArray() as Vec3, centroid: centroid.toArray() as Vec3, area, triangles: members });
  }
  return { faceOf, faces };
}

const cache = new WeakMap<THREE.BufferGeometry, FaceMap>();

/** The planar face a ray hit, with its normal and centroid in the model's coordinates. */
export function faceAt(mesh: THREE.Mesh, triangle: number, root: THREE.Object3D): { index: number; normal: Vec3; centroid: Vec3 } | undefined {
  let map = cache.get(mesh.geometry);
  if (!map) cache.set(mesh.geometry, (map = planarFaces(mesh.geometry)));
  const face = map.faces[map.faceOf[triangle] ?? -1];
  if (!face) return undefined;
  // Mesh → model root: the GLB's own frame, the one its build script works in.
  root.updateWorldMatrix(true, true);
  const toRoot = new THREE.Matrix4().copy(root.matrixWorld).invert().multiply(mesh.matrixWorld);
  const centroid = new THREE.Vector3(...face.centroid).applyMatrix4(toRoot);
  const normal = new THREE.Vector3(...face.normal).applyMatrix3(new THREE.Matrix3().getNormalMatrix(toRoot)).normalize();
  const round = (v: THREE.Vector3) => v.toArray().map((x) => Math.round(x * 1e4) / 1e4 + 0) as Vec3;
  return { index: face.index, normal: round(normal), centroid: round(centroid) };
}
