import { expect, test } from '@playwright/test';
import * as THREE from 'three';
import { faceAt, planarFaces } from './faces.ts';

const sorted = (vs: number[][]) => vs.map((v) => v.join(',')).sort();

test('a box has 6 planar faces of 2 triangles each, whatever its vertex split', () => {
  // BoxGeometry splits vertices per side (24, not 8): faces must still come from positions.
  const { faces, faceOf } = planarFaces(new THREE.BoxGeometry(0.8, 0.8, 0.02));
  expect(faces).toHaveLength(6);
  expect(faces.every((f) => f.triangles.length === 2)).toBe(true);
  expect(faceOf).toHaveLength(12);
  expect(sorted(faces.map((f) => f.normal))).toEqual(sorted([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]]));
  const top = faces.find((f) => f.normal[2] === 1)!;
  expect(top.centroid.map((x) => +x.toFixed(6))).toEqual([0, 0, 0.01]);
  expect(top.area).toBeCloseTo(0.64, 6);
});

test('the same box as one welded, indexed mesh (as the worker writes it) gives the same 6 faces', () => {
  const welded = new THREE.BufferGeometry();
  const v = [-1, 1].flatMap((z) => [-1, 1].flatMap((y) => [-1, 1].flatMap((x) => [x, y, z])));
  welded.setAttribute('position', new THREE.Float32BufferAttribute(v, 3));
  welded.setIndex([0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4, 2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5]);
  const { faces, faceOf } = planarFaces(welded);
  expect(faces).toHaveLength(6);
  // Numbered by lowest triangle: triangles 0 and 1 are face 0, 2 and 3 face 1, …
  expect([...faceOf]).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
});

test('a faceted cylinder: one face per side facet and one per cap', () => {
  expect(planarFaces(new THREE.CylinderGeometry(1, 1, 1, 8, 1)).faces).toHaveLength(8 + 2);
});

test('coplanar triangles that share no edge are different faces', () => {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.Float32BufferAttribute([0, 0, 0, 1, 0, 0, 0, 1, 0, 5, 5, 0, 6, 5, 0, 5, 6, 0], 3));
  expect(planarFaces(g).faces).toHaveLength(2);
});

test('faceAt reports the face in the model frame, through the mesh transform', () => {
  const root = new THREE.Group();
  const mesh = new THREE.Mesh(new THREE.BoxGeometry(1, 1, 1));
  mesh.position.set(2, 0, 0);
  mesh.rotation.set(0, 0, Math.PI / 2);
  root.add(mesh);
  const { faces } = planarFaces(mesh.geometry);
  const px = faces.find((f) => f.normal[0] === 1)!;
  // +X of the mesh is +Y of the model after the 90° turn about Z.
  expect(faceAt(mesh, px.triangles[1]!, root)).toEqual({ index: px.index, normal: [0, 1, 0], centroid: [2, 0.5, 0] });
});
