// objectives.yaml: parsing with messages that name the field, and the checks that need no
// geometry (zones inside the bounds, zones not overlapping illegally, the moved object's start
// range inside the bounds and clear of forbid zones and the goal). SI units: metres.
import { parse } from 'yaml';
import { materialOf } from './materials.ts';

export type Vec3 = [number, number, number];
export interface Box3 {
  min: Vec3;
  max: Vec3;
}
export interface Zone extends Box3 {
  name: string;
}
export interface MovedObject {
  label: string;
  shape: 'sphere' | 'box' | 'cylinder';
  /** sphere, cylinder */
  radius: number;
  /** box: full extents */
  size: Vec3;
  /** cylinder (along Z) */
  height: number;
  material_id: string;
  start_position: Vec3;
  /** ± per axis, sampled uniformly from the run's seed */
  runtime_jitter: Vec3;
}
export interface Objectives {
  objectives: { goal_zone: Box3; forbid_zones: Zone[]; build_zone: Box3 };
  simulation_bounds: Box3;
  moved_object: MovedObject;
  constraints: { max_unit_cost?: number; max_weight_g?: number };
  variant_id?: string;
}

export class ObjectivesError extends Error {}

type Obj = Record<string, unknown>;

function obj(value: unknown, field: string): Obj {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ObjectivesError(`${field} must be a mapping`);
  return value as Obj;
}
function num(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ObjectivesError(`${field} must be a finite number`);
  return value;
}
/**
 * The physics engine (Rapier) computes in 32-bit floats: 24 bits of mantissa resolve 0.1 mm only
 * within ±1000 m, and nothing below 0.01 mm is a meaningful size. Lengths outside that are
 * refused here, by field, instead of failing later as a "physics instability" of the design.
 */
export const MAX_COORDINATE_M = 1000;
export const MIN_SIZE_M = 1e-5;

function length(value: unknown, field: string): number {
  const n = num(value, field);
  if (Math.abs(n) > MAX_COORDINATE_M) {
    throw new ObjectivesError(`${field} is ${n} m: the physics engine's 32-bit floats cannot place anything beyond ±${MAX_COORDINATE_M} m to 0.1 mm`);
  }
  return n;
}
function vec3(value: unknown, field: string): Vec3 {
  if (!Array.isArray(value) || value.length !== 3) throw new ObjectivesError(`${field} must be [x, y, z]`);
  return value.map((v, i) => length(v, `${field}[${i}]`)) as Vec3;
}
function box(value: unknown, field: string): Box3 {
  const o = obj(value, field);
  const b = { min: vec3(o.min, `${field}.min`), max: vec3(o.max, `${field}.max`) };
  for (let i = 0; i < 3; i++) {
    if (b.min[i]! >= b.max[i]!) throw new ObjectivesError(`${field}.min must be below ${field}.max on every axis (axis ${'xyz'[i]})`);
  }
  return b;
}

export function parseObjectives(text: string): Objectives {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new ObjectivesError(`objectives.yaml is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const root = obj(doc, 'objectives.yaml');
  const o = obj(root.objectives, 'objectives');
  const goal_zone = box(o.goal_zone, 'objectives.goal_zone');
  const build_zone = box(o.build_zone, 'objectives.build_zone');
  const forbidRaw = o.forbid_zones ?? [];
  if (!Array.isArray(forbidRaw)) throw new ObjectivesError('objectives.forbid_zones must be a list');
  const forbid_zones = forbidRaw.map((z, i) => {
    const field = `objectives.forbid_zones[${i}]`;
    const name = obj(z, field).name;
    if (typeof name !== 'string' || !name) throw new ObjectivesError(`${field}.name must be a non-empty string`);
    return { name, ...box(z, field) };
  });
  const simulation_bounds = box(root.simulation_bounds, 'simulation_bounds');
  const m = obj(root.moved_object, 'moved_object');
  if (typeof m.label !== 'string' || !m.label) throw new ObjectivesError('moved_object.label must be a non-empty string');
  const shape = m.shape;
  if (shape !== 'sphere' && shape !== 'box' && shape !== 'cylinder') throw new ObjectivesError('moved_object.shape must be sphere, box or cylinder');
  const material_id = m.material_id === undefined ? 'steel' : m.material_id;
  if (typeof material_id !== 'string' || !materialOf(material_id)) throw new ObjectivesError(`moved_object.material_id "${String(material_id)}" is not a known material`);
  const positive = (v: unknown, f: string) => {
    const n = length(v, f);
    if (n <= 0) throw new ObjectivesError(`${f} must be > 0`);
    if (n < MIN_SIZE_M) throw new ObjectivesError(`${f} is ${n} m: below ${MIN_SIZE_M} m the physics engine's 32-bit floats cannot simulate it`);
    return n;
  };
  const moved_object: MovedObject = {
    label: m.label,
    shape,
    radius: shape === 'box' ? 0 : positive(m.radius, 'moved_object.radius'),
    size: shape === 'box' ? (vec3(m.size, 'moved_object.size').map((v, i) => positive(v, `moved_object.size[${i}]`)) as Vec3) : [0, 0, 0],
    height: shape === 'cylinder' ? positive(m.height, 'moved_object.height') : 0,
    material_id,
    start_position: vec3(m.start_position, 'moved_object.start_position'),
    runtime_jitter: m.runtime_jitter === undefined ? [0, 0, 0] : vec3(m.runtime_jitter, 'moved_object.runtime_jitter'),
  };
  if (moved_object.runtime_jitter.some((v) => v < 0)) throw new ObjectivesError('moved_object.runtime_jitter must be ≥ 0 on every axis');
  const c = root.constraints === undefined ? {} : obj(root.constraints, 'constraints');
  const constraints: Objectives['constraints'] = {};
  if (c.max_unit_cost !== undefined) constraints.max_unit_cost = num(c.max_unit_cost, 'constraints.max_unit_cost');
  if (c.max_weight_g !== undefined) constraints.max_weight_g = num(c.max_weight_g, 'constraints.max_weight_g');
  const variant = root.variant_id;
  if (variant !== undefined && typeof variant !== 'string') throw new ObjectivesError('variant_id must be a string');
  return {
    objectives: { goal_zone, forbid_zones, build_zone },
    simulation_bounds,
    moved_object,
    constraints,
    ...(variant !== undefined ? { variant_id: variant } : {}),
  };
}

export function inside(inner: Box3, outer: Box3, eps = 1e-9): boolean {
  return inner.min.every((v, i) => v >= outer.min[i]! - eps) && inner.max.every((v, i) => v <= outer.max[i]! + eps);
}

export function overlaps(a: Box3, b: Box3): boolean {
  return a.min.every((v, i) => v < b.max[i]! && a.max[i]! > b.min[i]!);
}

export function containsPoint(b: Box3, p: readonly number[]): boolean {
  return p.every((v, i) => v >= b.min[i]! && v <= b.max[i]!);
}

/** Half extents of the moved object's axis-aligned box at rest orientation. */
export function movedHalfExtents(m: MovedObject): Vec3 {
  if (m.shape === 'sphere') return [m.radius, m.radius, m.radius];
  if (m.shape === 'cylinder') return [m.radius, m.radius, m.height / 2];
  return [m.size[0] / 2, m.size[1] / 2, m.size[2] / 2];
}

/** Everything the moved object can occupy at t = 0 across its runtime jitter range. */
export function startEnvelope(m: MovedObject): Box3 {
  const h = movedHalfExtents(m);
  return {
    min: m.start_position.map((p, i) => p - m.runtime_jitter[i]! - h[i]!) as Vec3,
    max: m.start_position.map((p, i) => p + m.runtime_jitter[i]! + h[i]!) as Vec3,
  };
}

/**
 * Logical checks of an objectives setup (no part geometry); returns problems, empty when fine.
 * `jitterName` names where the moved object's jitter came from (a request may override it).
 */
export function checkObjectives(o: Objectives, jitterName = 'runtime_jitter'): string[] {
  const problems: string[] = [];
  const bounds = o.simulation_bounds;
  const { goal_zone, forbid_zones, build_zone } = o.objectives;
  if (!inside(goal_zone, bounds)) problems.push('objectives.goal_zone is not inside simulation_bounds');
  if (!inside(build_zone, bounds)) problems.push('objectives.build_zone is not inside simulation_bounds');
  for (const z of forbid_zones) {
    if (!overlaps(z, bounds)) problems.push(`forbid zone "${z.name}" lies entirely outside simulation_bounds`);
    if (overlaps(z, goal_zone)) problems.push(`forbid zone "${z.name}" intersects objectives.goal_zone`);
  }
  const env = startEnvelope(o.moved_object);
  const label = o.moved_object.label;
  if (!inside(env, bounds)) problems.push(`moved object "${label}" start range (start_position ± ${jitterName}) leaves simulation_bounds`);
  for (const z of forbid_zones) {
    if (overlaps(env, z)) problems.push(`moved object "${label}" start range (start_position ± ${jitterName}) touches forbid zone "${z.name}"`);
  }
  if (overlaps(env, goal_zone)) problems.push(`moved object "${label}" start range (start_position ± ${jitterName}) already touches objectives.goal_zone`);
  return problems;
}
