// The workbench CAD module: what build scripts import as `workbench/cad`.
//
// A build script is an ES module (TypeScript or JavaScript) in the session that imports this
// module by the bare specifier `workbench/cad` and exports (default, or named `build`) a function
// — sync or async — returning its parts: an array of `part(name, solid, metadata)` (or
// `{ parts: [...] }`). The heavy worker bundles the script with esbuild, mapping `workbench/cad`
// to this file, and runs it in a child process with a timeout (see ./run-script.ts).
//
// Units are SI: metres, and degrees for rotations. Z is up (gravity is -Z in simulation).
// Solids are exact manifold meshes from manifold-3d; booleans are real CSG.
import Module from 'manifold-3d';
import type { Manifold as ManifoldT } from 'manifold-3d';

const wasm = await Module();
wasm.setup();
const { Manifold } = wasm;

export type Vec3 = [number, number, number];

/** A solid body on the manifold kernel. Immutable: every operation returns a new solid. */
export class Solid {
  /** @internal */
  readonly manifold: ManifoldT;

  constructor(manifold: ManifoldT) {
    this.manifold = manifold;
  }

  translate(x: number | Vec3, y = 0, z = 0): Solid {
    const v: Vec3 = Array.isArray(x) ? x : [x, y, z];
    return new Solid(this.manifold.translate(v));
  }

  /** Rotation in degrees about X, then Y, then Z (about the origin). */
  rotate(x: number | Vec3, y = 0, z = 0): Solid {
    const v: Vec3 = Array.isArray(x) ? x : [x, y, z];
    return new Solid(this.manifold.rotate(v));
  }

  union(...others: Solid[]): Solid {
    return new Solid(Manifold.union([this.manifold, ...others.map((o) => o.manifold)]));
  }

  difference(...others: Solid[]): Solid {
    return new Solid(Manifold.difference([this.manifold, ...others.map((o) => o.manifold)]));
  }

  intersect(other: Solid): Solid {
    return new Solid(this.manifold.intersect(other.manifold));
  }

  /** Volume in m³. */
  volume(): number {
    return this.manifold.volume();
  }

  boundingBox(): { min: Vec3; max: Vec3 } {
    const box = this.manifold.boundingBox();
    return { min: [...box.min] as Vec3, max: [...box.max] as Vec3 };
  }

  isEmpty(): boolean {
    return this.manifold.isEmpty();
  }
}

/** Axis-aligned box of `size` [x, y, z]; centred on the origin unless `center: false`. */
export function box(size: Vec3, options: { center?: boolean } = {}): Solid {
  return new Solid(Manifold.cube(size, options.center ?? true));
}

/** Cylinder along Z; centred on the origin unless `center: false` (then its base is at z = 0). */
export function cylinder(radius: number, height: number, options: { center?: boolean; segments?: number } = {}): Solid {
  return new Solid(Manifold.cylinder(height, radius, radius, options.segments ?? 48, options.center ?? true));
}

export function sphere(radius: number, options: { segments?: number } = {}): Solid {
  return new Solid(Manifold.sphere(radius, options.segments ?? 48));
}

export function union(...solids: Solid[]): Solid {
  return new Solid(Manifold.union(solids.map((s) => s.manifold)));
}

export function difference(base: Solid, ...cutters: Solid[]): Solid {
  return base.difference(...cutters);
}

export type ControllerSpec =
  | { type: 'constant'; value: number }
  | { type: 'sinusoidal'; amplitude: number; frequency_hz: number; phase_rad?: number; offset?: number }
  | { type: 'square'; amplitude: number; frequency_hz: number; duty?: number; offset?: number }
  | { type: 'trapezoidal'; amplitude: number; period_s: number; rise_s: number; offset?: number }
  | { type: 'position'; target: number; kp: number; kd?: number };

export interface JointSpec {
  type: 'revolute' | 'prismatic' | 'fixed';
  /** Name of the parent part; omitted = the world. */
  parent?: string;
  /** Joint origin in world coordinates, m. */
  anchor: Vec3;
  /** Joint axis in world coordinates (default +Z). */
  axis?: Vec3;
  /** Joint travel limits: rad (revolute) or m (prismatic). */
  limits?: [number, number];
  /** Actuator effort range: N·m (revolute) or N (prismatic). Commands are clamped to it. */
  force_range?: [number, number];
  /** Drives the joint's actuator; needs force_range. */
  controller?: ControllerSpec;
}

export interface PartMetadata {
  material_id: string;
  /** Fixed parts are static in simulation. */
  fixed: boolean;
  cots_id?: string;
  /** Exactly CNC, 3DP or IM (config/manufacturing.yaml); must agree with assembly_definition.yaml. */
  manufacturing_method?: 'CNC' | '3DP' | 'IM';
  joint?: JointSpec;
}

export interface Part {
  name: string;
  solid: Solid;
  metadata: PartMetadata;
}

export function part(name: string, solid: Solid, metadata: PartMetadata): Part {
  return { name, solid, metadata };
}
