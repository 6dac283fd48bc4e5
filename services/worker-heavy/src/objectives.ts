// objectives.yaml: parsing with messages that name the field, and the checks that need no
// geometry (zones inside the bounds, zones not overlapping illegally, the moved object's start
// range inside the bounds and clear of forbid zones and the goal). SI units: metres.
import { parse } from 'yaml';
import { materialOf } from './materials.ts';
import { problem, type Problem } from './problems.ts';

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

export const OBJECTIVES_FILE = 'objectives.yaml';

/**
 * Why objectives.yaml is refused: the file itself is malformed, a template or out of range
 * (INVALID_OBJECTIVES); its zones contradict each other (CONTRADICTORY_CONSTRAINTS); or the moved
 * object cannot start where the scenario puts it (UNSOLVABLE_SCENARIO).
 */
export type ObjectivesCode = 'INVALID_OBJECTIVES' | 'CONTRADICTORY_CONSTRAINTS' | 'UNSOLVABLE_SCENARIO';

/** The keys each mapping may hold; anything else is refused (a typo must not be ignored). */
export const OBJECTIVES_KEYS = {
  root: ['objectives', 'simulation_bounds', 'moved_object', 'constraints', 'variant_id'],
  objectives: ['goal_zone', 'forbid_zones', 'build_zone'],
  zone: ['min', 'max'],
  forbid_zone: ['name', 'min', 'max'],
  moved_object: ['label', 'shape', 'radius', 'size', 'height', 'material_id', 'start_position', 'runtime_jitter'],
  constraints: ['max_unit_cost', 'max_weight_g'],
};

type Obj = Record<string, unknown>;

/** Collects problems in document order; a value that failed yields undefined and parsing goes on. */
class Collector {
  readonly problems: Problem[] = [];
  add(code: ObjectivesCode, field: string | undefined, message: string): undefined {
    this.problems.push(problem(OBJECTIVES_FILE, code, message, field));
    return undefined;
  }
}

// Template placeholders: `x_min`, an axis letter in `[x, y, z]`, `TODO:`, `<…>`, `TBD`, `...`.
const PLACEHOLDER = /^[xyz]$|\b[xyz]_(?:min|max)\b|\bTODO\b|\bTBD\b|\bFIXME\b|<[^<>]*>|^\.\.\.$|\[\s*x\s*,\s*y\s*,\s*z\s*\]/i;
const isPlaceholder = (v: unknown): v is string => typeof v === 'string' && PLACEHOLDER.test(v.trim());

/** Placeholders among the parsed values (by field) and in comments (by line). */
function placeholders(doc: unknown, text: string, c: Collector): void {
  const walk = (value: unknown, field: string) => {
    if (isPlaceholder(value)) c.add('INVALID_OBJECTIVES', field, `${field} is the template placeholder "${value}"; replace it with the real value`);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${field}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, field ? `${field}.${k}` : k);
  };
  walk(doc, '');
  text.split(/\r?\n/).forEach((line, i) => {
    const at = line.search(/(^|\s)#/);
    const comment = at < 0 ? '' : line.slice(at);
    if (/\b(TODO|TBD|FIXME)\b|<[^<>]*>/i.test(comment)) {
      c.add('INVALID_OBJECTIVES', `line ${i + 1}`, `line ${i + 1} holds a template comment "${comment.trim()}"; fill in the scenario and remove it`);
    }
  });
}

function obj(value: unknown, field: string, c: Collector, keys?: string[]): Obj | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return isPlaceholder(value) ? undefined : c.add('INVALID_OBJECTIVES', field, `${field} must be a mapping`);
  if (keys) {
    for (const k of Object.keys(value)) {
      if (!keys.includes(k)) c.add('INVALID_OBJECTIVES', field === OBJECTIVES_FILE ? k : `${field}.${k}`, `${field === OBJECTIVES_FILE ? k : `${field}.${k}`} is not a known key (allowed here: ${keys.join(', ')})`);
    }
  }
  return value as Obj;
}
function num(value: unknown, field: string, c: Collector): number | undefined {
  if (isPlaceholder(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return c.add('INVALID_OBJECTIVES', field, `${field} must be a finite number`);
  return value;
}
/**
 * The physics engine (Rapier) computes in 32-bit floats: 24 bits of mantissa resolve 0.1 mm only
 * within ±1000 m, and nothing below 0.01 mm is a meaningful size. Lengths outside that are
 * refused here, by field, instead of failing later as a "physics instability" of the design.
 */
export const MAX_COORDINATE_M = 1000;
export const MIN_SIZE_M = 1e-5;

function length(value: unknown, field: string, c: Collector): number | undefined {
  const n = num(value, field, c);
  if (n !== undefined && Math.abs(n) > MAX_COORDINATE_M) {
    return c.add('INVALID_OBJECTIVES', field, `${field} is ${n} m: the physics engine's 32-bit floats cannot place anything beyond ±${MAX_COORDINATE_M} m to 0.1 mm`);
  }
  return n;
}
function vec3(value: unknown, field: string, c: Collector): Vec3 | undefined {
  if (isPlaceholder(value)) return undefined;
  if (!Array.isArray(value) || value.length !== 3) return c.add('INVALID_OBJECTIVES', field, `${field} must be [x, y, z]`);
  const v = value.map((x, i) => length(x, `${field}[${i}]`, c));
  return v.every((x) => x !== undefined) ? (v as Vec3) : undefined;
}
function box(value: unknown, field: string, c: Collector, keys = OBJECTIVES_KEYS.zone): Box3 | undefined {
  const o = obj(value, field, c, keys);
  if (!o) return undefined;
  const min = vec3(o.min, `${field}.min`, c);
  const max = vec3(o.max, `${field}.max`, c);
  if (!min || !max) return undefined;
  let ok = true;
  for (let i = 0; i < 3; i++) {
    if (min[i]! >= max[i]!) {
      c.add('CONTRADICTORY_CONSTRAINTS', `${field}.min`, `${field}.min must be below ${field}.max on every axis (axis ${'xyz'[i]}: min ${min[i]} ≥ max ${max[i]})`);
      ok = false;
    }
  }
  return ok ? { min, max } : undefined;
}

/** Parses objectives.yaml, collecting every problem (field, reason code, message) it can find. */
export function readObjectives(text: string): { objectives?: Objectives; problems: Problem[] } {
  const c = new Collector();
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    c.add('INVALID_OBJECTIVES', undefined, `objectives.yaml is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    return { problems: c.problems };
  }
  placeholders(doc, text, c);
  const root = obj(doc, OBJECTIVES_FILE, c, OBJECTIVES_KEYS.root);
  if (!root) return { problems: c.problems };
  const o = obj(root.objectives, 'objectives', c, OBJECTIVES_KEYS.objectives);
  const goal_zone = o && box(o.goal_zone, 'objectives.goal_zone', c);
  const build_zone = o && box(o.build_zone, 'objectives.build_zone', c);
  const forbidRaw = o?.forbid_zones ?? [];
  let forbid_zones: Zone[] | undefined;
  if (!Array.isArray(forbidRaw)) c.add('INVALID_OBJECTIVES', 'objectives.forbid_zones', 'objectives.forbid_zones must be a list');
  else {
    const zones = forbidRaw.map((z, i) => {
      const field = `objectives.forbid_zones[${i}]`;
      const zo = obj(z, field, c);
      if (!zo) return undefined;
      const name = zo.name;
      if ((typeof name !== 'string' || !name) && !isPlaceholder(name)) c.add('INVALID_OBJECTIVES', `${field}.name`, `${field}.name must be a non-empty string`);
      const b = box(z, field, c, OBJECTIVES_KEYS.forbid_zone);
      return b && typeof name === 'string' && name ? { name, ...b } : undefined;
    });
    if (zones.every((z) => z !== undefined)) forbid_zones = zones as Zone[];
  }
  const simulation_bounds = box(root.simulation_bounds, 'simulation_bounds', c);
  const moved_object = movedObject(root.moved_object, c);
  const cr = root.constraints === undefined ? {} : obj(root.constraints, 'constraints', c, OBJECTIVES_KEYS.constraints);
  const constraints: Objectives['constraints'] = {};
  for (const key of ['max_unit_cost', 'max_weight_g'] as const) {
    if (cr?.[key] === undefined) continue;
    const n = num(cr[key], `constraints.${key}`, c);
    if (n !== undefined && n <= 0) c.add('INVALID_OBJECTIVES', `constraints.${key}`, `constraints.${key} is ${n}: a cap must be > 0`);
    else if (n !== undefined) constraints[key] = n;
  }
  const variant = root.variant_id;
  if (variant !== undefined && typeof variant !== 'string') c.add('INVALID_OBJECTIVES', 'variant_id', 'variant_id must be a string');
  if (c.problems.length || !goal_zone || !build_zone || !forbid_zones || !simulation_bounds || !moved_object) return { problems: c.problems };
  return {
    objectives: {
      objectives: { goal_zone, forbid_zones, build_zone },
      simulation_bounds,
      moved_object,
      constraints,
      ...(variant !== undefined ? { variant_id: variant as string } : {}),
    },
    problems: [],
  };
}

function movedObject(value: unknown, c: Collector): MovedObject | undefined {
  const m = obj(value, 'moved_object', c, OBJECTIVES_KEYS.moved_object);
  if (!m) return undefined;
  const before = c.problems.length;
  if ((typeof m.label !== 'string' || !m.label) && !isPlaceholder(m.label)) c.add('INVALID_OBJECTIVES', 'moved_object.label', 'moved_object.label must be a non-empty string');
  const shape = m.shape;
  if (shape !== 'sphere' && shape !== 'box' && shape !== 'cylinder' && !isPlaceholder(shape)) c.add('INVALID_OBJECTIVES', 'moved_object.shape', 'moved_object.shape must be sphere, box or cylinder');
  const material_id = m.material_id === undefined ? 'steel' : m.material_id;
  if ((typeof material_id !== 'string' || !materialOf(material_id)) && !isPlaceholder(material_id)) {
    c.add('INVALID_OBJECTIVES', 'moved_object.material_id', `moved_object.material_id "${String(material_id)}" is not a known material`);
  }
  const positive = (v: unknown, f: string) => {
    const n = length(v, f, c);
    if (n === undefined) return undefined;
    if (n <= 0) return c.add('INVALID_OBJECTIVES', f, `${f} must be > 0`);
    if (n < MIN_SIZE_M) return c.add('INVALID_OBJECTIVES', f, `${f} is ${n} m: below ${MIN_SIZE_M} m the physics engine's 32-bit floats cannot simulate it`);
    return n;
  };
  const radius = shape === 'box' ? 0 : positive(m.radius, 'moved_object.radius');
  const sizeRaw = shape === 'box' ? vec3(m.size, 'moved_object.size', c) : [0, 0, 0];
  const size = shape === 'box' ? (sizeRaw?.map((v, i) => positive(v, `moved_object.size[${i}]`)) as Vec3 | undefined) : ([0, 0, 0] as Vec3);
  const height = shape === 'cylinder' ? positive(m.height, 'moved_object.height') : 0;
  const start_position = vec3(m.start_position, 'moved_object.start_position', c);
  const runtime_jitter = m.runtime_jitter === undefined ? ([0, 0, 0] as Vec3) : vec3(m.runtime_jitter, 'moved_object.runtime_jitter', c);
  runtime_jitter?.forEach((v, i) => {
    if (v < 0) c.add('INVALID_OBJECTIVES', `moved_object.runtime_jitter[${i}]`, `moved_object.runtime_jitter[${i}] is ${v}: jitter is a ± range and must be ≥ 0 on every axis`);
  });
  if (c.problems.length > before || radius === undefined || height === undefined || !size || size.some((v) => v === undefined) || !start_position || !runtime_jitter) return undefined;
  return { label: m.label as string, shape: shape as MovedObject['shape'], radius, size, height, material_id: material_id as string, start_position, runtime_jitter };
}

/** Parses objectives.yaml or throws ObjectivesError with the first problem (validate, simulate, verify, submit). */
export function parseObjectives(text: string): Objectives {
  const { objectives, problems } = readObjectives(text);
  if (!objectives) throw new ObjectivesError(problems[0]?.message ?? 'objectives.yaml could not be read');
  return objectives;
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
 * Logical checks of an objectives setup (no part geometry), each a Problem with its reason code:
 * zones inside simulation_bounds and the goal clear of forbid zones (CONTRADICTORY_CONSTRAINTS);
 * the moved object's start range (start_position ± jitter ± its half extents) inside the bounds,
 * clear of forbid zones and not already in the goal (UNSOLVABLE_SCENARIO). `strict` adds the rules
 * the plan gate and the handover hold a benchmark to (INT-008): the goal overlaps the build zone,
 * and the start range lies inside the build zone. `jitterName` names where the jitter came from.
 */
export function objectivesSetupProblems(o: Objectives, options: { jitterName?: string; strict?: boolean } = {}): Problem[] {
  const jitterName = options.jitterName ?? 'runtime_jitter';
  const problems: Problem[] = [];
  const add = (code: ObjectivesCode, field: string, message: string) => problems.push(problem(OBJECTIVES_FILE, code, message, field));
  const bounds = o.simulation_bounds;
  const { goal_zone, forbid_zones, build_zone } = o.objectives;
  if (!inside(goal_zone, bounds)) add('CONTRADICTORY_CONSTRAINTS', 'objectives.goal_zone', 'objectives.goal_zone is not inside simulation_bounds');
  if (!inside(build_zone, bounds)) add('CONTRADICTORY_CONSTRAINTS', 'objectives.build_zone', 'objectives.build_zone is not inside simulation_bounds');
  if (options.strict && !overlaps(goal_zone, build_zone)) {
    add('CONTRADICTORY_CONSTRAINTS', 'objectives.goal_zone', 'objectives.goal_zone does not overlap objectives.build_zone: nothing built can reach the goal');
  }
  forbid_zones.forEach((z, i) => {
    if (!overlaps(z, bounds)) add('CONTRADICTORY_CONSTRAINTS', `objectives.forbid_zones[${i}]`, `forbid zone "${z.name}" lies entirely outside simulation_bounds`);
    if (overlaps(z, goal_zone)) add('CONTRADICTORY_CONSTRAINTS', `objectives.forbid_zones[${i}]`, `forbid zone "${z.name}" intersects objectives.goal_zone`);
  });
  const env = startEnvelope(o.moved_object);
  const label = o.moved_object.label;
  const range = `moved object "${label}" start range (start_position ± ${jitterName})`;
  const field = 'moved_object.start_position';
  if (!inside(env, bounds)) add('UNSOLVABLE_SCENARIO', field, `${range} leaves simulation_bounds`);
  if (options.strict && !inside(env, build_zone)) add('UNSOLVABLE_SCENARIO', field, `${range} ${fmt(env)}, its size included, leaves objectives.build_zone ${fmt(build_zone)}`);
  for (const z of forbid_zones) {
    if (overlaps(env, z)) add('UNSOLVABLE_SCENARIO', field, `${range} touches forbid zone "${z.name}"`);
  }
  if (overlaps(env, goal_zone)) add('UNSOLVABLE_SCENARIO', field, `${range} already touches objectives.goal_zone`);
  return problems;
}

const fmt = (b: Box3) => `[${b.min.map((v) => +v.toFixed(4)).join(', ')}]–[${b.max.map((v) => +v.toFixed(4)).join(', ')}]`;

/** The setup checks as messages, for validate, simulate and verify (not strict). */
export function checkObjectives(o: Objectives, jitterName = 'runtime_jitter'): string[] {
  return objectivesSetupProblems(o, { jitterName }).map((p) => p.message);
}

/** objectives.yaml's full validator (INT-008): strict schema, then the strict setup checks. */
export function checkObjectivesFile(text: string): { objectives?: Objectives; problems: Problem[] } {
  const read = readObjectives(text);
  if (!read.objectives) return read;
  const problems = objectivesSetupProblems(read.objectives, { strict: true });
  return problems.length ? { problems } : { objectives: read.objectives, problems };
}
