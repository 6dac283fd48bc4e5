// assembly_definition.yaml: the planner's costing and assembly file (INT-009). A strict parse —
// unknown keys refused at every level, numbers typed per manufacturing method, template-like files
// (placeholders such as `<name>`, `TODO`, `x_min`, `[x, y, z]`, `...`) refused — with no
// geometry: matching against the build script's parts, pricing and mating are ../validate.ts,
// ../pricing/*.ts and ./mating.ts. Every refusal is a Problem naming the dotted field.
import { isMap, isSeq, parseDocument, type Node } from 'yaml';
import { isMethod, METHODS, type Method } from '../materials.ts';
import { problem, type Problem } from '../problems.ts';

export const ASSEMBLY_FILE = 'assembly_definition.yaml';

export type Vec3 = [number, number, number];
export const JOINT_TYPES = ['revolute', 'prismatic', 'fixed'] as const;
export type JointType = (typeof JOINT_TYPES)[number];

export interface ManufacturedPart {
  name: string;
  manufacturing_method: Method;
  material: string;
  /** Production quantity (batch size): setup and tooling amortize over it. */
  quantity: number;
  /** Drilled holes (CNC, 3DP); IM holes are moulded in, so 0. */
  holes: number;
  /** 3DP only: fraction of the solid deposited (default from the config). */
  infill?: number;
}
export interface CotsLine {
  part_id: string;
  quantity: number;
  unit_price: number;
}
export interface JointDef {
  name: string;
  type: JointType;
  /** A part name, or `world` for a joint to the fixed world frame. */
  parent: string;
  child: string;
  axis?: Vec3;
  anchor: Vec3;
}
export interface FastenerDef {
  part_id: string;
  joins: string[];
  at: Vec3;
  /** The fastener's axis; when omitted, the hole may run along X, Y or Z. */
  axis?: Vec3;
}
export interface AssemblyDefinition {
  version: 1;
  manufactured_parts: ManufacturedPart[];
  cots_parts: CotsLine[];
  final_assembly: { joints: JointDef[]; fasteners: FastenerDef[] };
  totals: { unit_cost: number; weight_g: number };
  planner_targets: { max_unit_cost: number; max_weight_g: number };
}

/** The parent name that means "the world frame" (a joint to ground). */
export const WORLD = 'world';

const F = ASSEMBLY_FILE;
const MAX_ITEMS = 500;
const MAX_QUANTITY = 10_000_000;

/** Template text: angle-bracket placeholders, TODO/TBD/FIXME, x_min-style names, [x, y, z], a lone `...`. */
const PLACEHOLDER_TEXT: [RegExp, string][] = [
  [/<[A-Za-z_][\w .-]{0,40}>/, 'an angle-bracket placeholder'],
  [/\b(TODO|TBD|FIXME)\b/, 'a TODO/TBD/FIXME marker'],
  [/\b[xyz]_(min|max)\b/i, 'a coordinate placeholder name'],
  [/\[\s*x\s*,\s*y\s*,\s*z\s*\]/i, 'a [x, y, z] placeholder'],
  [/(^|[\s:[,-])\.\.\.(\s*$|[\s\],])/, 'an ellipsis (...)'],
];

function templateProblems(text: string): Problem[] {
  const found: Problem[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    for (const [re, what] of PLACEHOLDER_TEXT) {
      const m = re.exec(line);
      if (m) {
        found.push(problem(F, 'TEMPLATE_PLACEHOLDER', `line ${i + 1} holds ${what} ("${m[0].trim()}"): replace the template text with the real value`));
        break;
      }
    }
  });
  return found;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? `the string "${v.length > 40 ? v.slice(0, 40) + '…' : v}"` : typeof v);

class Checker {
  readonly problems: Problem[] = [];
  add(code: string, message: string, field?: string) {
    this.problems.push(problem(F, code, message, field));
  }
  /** Unknown keys refused; missing required keys reported. True when `v` is a mapping. */
  shape(v: unknown, field: string, required: string[], optional: string[] = []): v is Obj {
    if (!isObj(v)) {
      this.add('INVALID_TYPE', `${field} must be a mapping with ${required.join(', ')}; got ${typeName(v)}`, field);
      return false;
    }
    for (const key of Object.keys(v)) {
      if (!required.includes(key) && !optional.includes(key)) {
        this.add('UNKNOWN_KEY', `${field ? field + '.' : ''}${key} is not a known key (allowed: ${[...required, ...optional].join(', ')})`, field ? `${field}.${key}` : key);
      }
    }
    for (const key of required) if (!(key in v) || v[key] === null) this.add('MISSING_FIELD', `${field ? field + '.' : ''}${key} is required`, field ? `${field}.${key}` : key);
    return true;
  }
  str(v: unknown, field: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || !v.trim()) {
      this.add('INVALID_TYPE', `${field} must be a non-empty string; got ${typeName(v)}`, field);
      return undefined;
    }
    if (v.length > 200) {
      this.add('INVALID_VALUE', `${field} is longer than 200 characters`, field);
      return undefined;
    }
    return v;
  }
  num(v: unknown, field: string, opts: { integer?: boolean; min?: number; max?: number; exclusiveMin?: boolean; what?: string }): number | undefined {
    if (v === undefined || v === null) return undefined;
    const kind = opts.integer ? 'an integer' : 'a number';
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.add('INVALID_TYPE', `${field} must be ${kind}${opts.what ? ` (${opts.what})` : ''}; got ${typeName(v)}`, field);
      return undefined;
    }
    if (opts.integer && !Number.isInteger(v)) {
      this.add('INVALID_TYPE', `${field} must be a whole number${opts.what ? ` (${opts.what})` : ''}; got ${v}`, field);
      return undefined;
    }
    const { min, max } = opts;
    if (min !== undefined && (opts.exclusiveMin ? v <= min : v < min)) {
      this.add('INVALID_VALUE', `${field} must be ${opts.exclusiveMin ? 'greater than' : 'at least'} ${min}; got ${v}`, field);
      return undefined;
    }
    if (max !== undefined && v > max) {
      this.add('INVALID_VALUE', `${field} must be at most ${max}; got ${v}`, field);
      return undefined;
    }
    return v;
  }
  vec3(v: unknown, field: string, nonZero = false): Vec3 | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      this.add('INVALID_TYPE', `${field} must be three numbers [x, y, z] in metres; got ${JSON.stringify(v)}`, field);
      return undefined;
    }
    if (nonZero && Math.hypot(...(v as number[])) < 1e-9) {
      this.add('INVALID_VALUE', `${field} must be a non-zero direction`, field);
      return undefined;
    }
    return v as Vec3;
  }
  list(v: unknown, field: string): unknown[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      this.add('INVALID_TYPE', `${field} must be a list (use [] for none); got ${typeName(v)}`, field);
      return undefined;
    }
    if (v.length > MAX_ITEMS) {
      this.add('INVALID_VALUE', `${field} has ${v.length} entries; the limit is ${MAX_ITEMS}`, field);
      return undefined;
    }
    return v;
  }
}

function method(c: Checker, v: unknown, field: string): Method | undefined {
  if (v === undefined || v === null) return undefined;
  if (isMethod(v)) return v;
  const upper = typeof v === 'string' ? v.trim().toUpperCase() : '';
  const hint = isMethod(upper) ? ` — methods are spelled exactly ${METHODS.join(', ')}; write "${upper}", not "${String(v)}"` : '';
  c.add('INVALID_METHOD', `${field} must be one of ${METHODS.join(' | ')}; got ${typeName(v)}${hint}`, field);
  return undefined;
}

function manufactured(c: Checker, v: unknown, field: string): ManufacturedPart | undefined {
  if (!c.shape(v, field, ['name', 'manufacturing_method', 'material', 'quantity'], ['holes', 'infill'])) return undefined;
  const name = c.str(v.name, `${field}.name`);
  const m = method(c, v.manufacturing_method, `${field}.manufacturing_method`);
  const material = c.str(v.material, `${field}.material`);
  const quantity = c.num(v.quantity, `${field}.quantity`, { integer: true, min: 1, max: MAX_QUANTITY, what: 'parts produced in the batch' });
  const holes = v.holes === undefined ? 0 : c.num(v.holes, `${field}.holes`, { integer: true, min: 0, max: 1000, what: 'drilled holes' });
  let infill: number | undefined;
  if (v.infill !== undefined) {
    if (m !== undefined && m !== '3DP') c.add('FIELD_NOT_FOR_METHOD', `${field}.infill applies to 3DP parts only; ${m} parts are solid`, `${field}.infill`);
    else infill = c.num(v.infill, `${field}.infill`, { min: 0.05, max: 1, what: 'fraction of the solid volume printed' });
  }
  if (m === 'IM' && holes !== undefined && holes > 0) {
    c.add('FIELD_NOT_FOR_METHOD', `${field}.holes must be 0 for IM: moulded parts get their holes from the mould, no drilling (holes counts drilled holes for CNC and 3DP)`, `${field}.holes`);
  }
  if (name === undefined || m === undefined || material === undefined || quantity === undefined || holes === undefined) return undefined;
  return { name, manufacturing_method: m, material, quantity, holes, ...(infill !== undefined ? { infill } : {}) };
}

function cotsLine(c: Checker, v: unknown, field: string): CotsLine | undefined {
  if (!c.shape(v, field, ['part_id', 'quantity', 'unit_price'])) return undefined;
  const part_id = c.str(v.part_id, `${field}.part_id`);
  const quantity = c.num(v.quantity, `${field}.quantity`, { integer: true, min: 1, max: 10_000, what: 'units per assembly' });
  const unit_price = c.num(v.unit_price, `${field}.unit_price`, { min: 0, max: 1e7, what: 'catalog price per unit' });
  if (part_id === undefined || quantity === undefined || unit_price === undefined) return undefined;
  return { part_id, quantity, unit_price };
}

function joint(c: Checker, v: unknown, field: string): JointDef | undefined {
  if (!c.shape(v, field, ['name', 'type', 'parent', 'child', 'anchor'], ['axis'])) return undefined;
  const name = c.str(v.name, `${field}.name`);
  let type: JointType | undefined;
  if (v.type !== undefined && v.type !== null) {
    if ((JOINT_TYPES as readonly unknown[]).includes(v.type)) type = v.type as JointType;
    else c.add('INVALID_VALUE', `${field}.type must be one of ${JOINT_TYPES.join(' | ')}; got ${typeName(v.type)}`, `${field}.type`);
  }
  const parent = c.str(v.parent, `${field}.parent`);
  const child = c.str(v.child, `${field}.child`);
  const anchor = c.vec3(v.anchor, `${field}.anchor`);
  const axis = c.vec3(v.axis, `${field}.axis`, true);
  if (type && type !== 'fixed' && v.axis === undefined) c.add('MISSING_FIELD', `${field}.axis is required for a ${type} joint (its degree of freedom)`, `${field}.axis`);
  if (parent !== undefined && parent === child) c.add('INVALID_VALUE', `${field}: parent and child are both "${parent}"`, `${field}.child`);
  if (child === WORLD) c.add('INVALID_VALUE', `${field}.child cannot be the world`, `${field}.child`);
  if (name === undefined || type === undefined || parent === undefined || child === undefined || anchor === undefined || (v.axis !== undefined && axis === undefined)) return undefined;
  if (type !== 'fixed' && axis === undefined) return undefined;
  return { name, type, parent, child, anchor, ...(axis ? { axis } : {}) };
}

function fastener(c: Checker, v: unknown, field: string): FastenerDef | undefined {
  if (!c.shape(v, field, ['part_id', 'joins', 'at'], ['axis'])) return undefined;
  const part_id = c.str(v.part_id, `${field}.part_id`);
  let joins: string[] | undefined;
  if (v.joins !== undefined && v.joins !== null) {
    if (!Array.isArray(v.joins) || v.joins.length < 2 || v.joins.length > 8 || !v.joins.every((x) => typeof x === 'string' && x.trim())) {
      c.add('INVALID_TYPE', `${field}.joins must list 2–8 part names; got ${JSON.stringify(v.joins)}`, `${field}.joins`);
    } else if (new Set(v.joins).size !== v.joins.length) {
      c.add('INVALID_VALUE', `${field}.joins names a part twice`, `${field}.joins`);
    } else joins = v.joins as string[];
  }
  const at = c.vec3(v.at, `${field}.at`);
  const axis = c.vec3(v.axis, `${field}.axis`, true);
  if (part_id === undefined || joins === undefined || at === undefined || (v.axis !== undefined && axis === undefined)) return undefined;
  return { part_id, joins, at, ...(axis ? { axis } : {}) };
}

function unique(c: Checker, items: { key: string; field: string }[], what: string) {
  const seen = new Map<string, string>();
  for (const { key, field } of items) {
    const first = seen.get(key);
    if (first) c.add('DUPLICATE_NAME', `${field} repeats ${what} "${key}" (first at ${first})`, field);
    else seen.set(key, field);
  }
}

/** Strict parse + schema + template-placeholder check; no geometry. */
export function parseAssemblyDefinition(text: string): { definition?: AssemblyDefinition; problems: Problem[] } {
  const template = templateProblems(text);
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    return { problems: [...template, problem(F, 'YAML_SYNTAX', `${F} is not valid YAML: ${e.message.split('\n')[0]}`)] };
  }
  const rootNode: Node | null = doc.contents as Node | null;
  if (!isMap(rootNode)) {
    return { problems: [...template, problem(F, 'INVALID_TYPE', `${F} must be a mapping with version, manufactured_parts, cots_parts, final_assembly, totals, planner_targets${isSeq(rootNode) ? '; got a list' : ''}`)] };
  }
  const root = doc.toJS({ maxAliasCount: 50 }) as unknown;
  const c = new Checker();
  c.problems.push(...template);
  if (!c.shape(root, '', ['version', 'manufactured_parts', 'cots_parts', 'final_assembly', 'totals', 'planner_targets'])) return { problems: c.problems };
  if (root.version !== undefined && root.version !== 1) c.add('INVALID_VALUE', `version must be 1; got ${typeName(root.version)}`, 'version');

  const parts = (c.list(root.manufactured_parts, 'manufactured_parts') ?? []).map((p, i) => manufactured(c, p, `manufactured_parts[${i}]`));
  unique(c, parts.flatMap((p, i) => (p ? [{ key: p.name, field: `manufactured_parts[${i}].name` }] : [])), 'the part name');
  const cots = (c.list(root.cots_parts, 'cots_parts') ?? []).map((p, i) => cotsLine(c, p, `cots_parts[${i}]`));
  unique(c, cots.flatMap((p, i) => (p ? [{ key: p.part_id, field: `cots_parts[${i}].part_id` }] : [])), 'the catalog part');

  let joints: (JointDef | undefined)[] = [];
  let fasteners: (FastenerDef | undefined)[] = [];
  if (c.shape(root.final_assembly, 'final_assembly', ['joints', 'fasteners'])) {
    const fa = root.final_assembly as Obj;
    joints = (c.list(fa.joints, 'final_assembly.joints') ?? []).map((j, i) => joint(c, j, `final_assembly.joints[${i}]`));
    unique(c, joints.flatMap((j, i) => (j ? [{ key: j.name, field: `final_assembly.joints[${i}].name` }] : [])), 'the joint name');
    unique(c, joints.flatMap((j, i) => (j ? [{ key: j.child, field: `final_assembly.joints[${i}].child` }] : [])), 'the child part (a part has one parent joint)');
    fasteners = (c.list(fa.fasteners, 'final_assembly.fasteners') ?? []).map((f, i) => fastener(c, f, `final_assembly.fasteners[${i}]`));
  }
  let totals: AssemblyDefinition['totals'] | undefined;
  if (c.shape(root.totals, 'totals', ['unit_cost', 'weight_g'])) {
    const t = root.totals as Obj;
    const unit_cost = c.num(t.unit_cost, 'totals.unit_cost', { min: 0, what: 'cost of one assembly' });
    const weight_g = c.num(t.weight_g, 'totals.weight_g', { min: 0, what: 'grams' });
    if (unit_cost !== undefined && weight_g !== undefined) totals = { unit_cost, weight_g };
  }
  let targets: AssemblyDefinition['planner_targets'] | undefined;
  if (c.shape(root.planner_targets, 'planner_targets', ['max_unit_cost', 'max_weight_g'])) {
    const t = root.planner_targets as Obj;
    const max_unit_cost = c.num(t.max_unit_cost, 'planner_targets.max_unit_cost', { min: 0, exclusiveMin: true, what: 'cost cap per assembly' });
    const max_weight_g = c.num(t.max_weight_g, 'planner_targets.max_weight_g', { min: 0, exclusiveMin: true, what: 'grams' });
    if (max_unit_cost !== undefined && max_weight_g !== undefined) targets = { max_unit_cost, max_weight_g };
  }
  if (c.problems.length || !totals || !targets) return { problems: c.problems };
  return {
    definition: {
      version: 1,
      manufactured_parts: parts as ManufacturedPart[],
      cots_parts: cots as CotsLine[],
      final_assembly: { joints: joints as JointDef[], fasteners: fasteners as FastenerDef[] },
      totals,
      planner_targets: targets,
    },
    problems: [],
  };
}

/** Every name the plan must mention: manufactured part names and COTS part IDs. */
export function declaredPartNames(def: AssemblyDefinition): string[] {
  return [...def.manufactured_parts.map((p) => p.name), ...def.cots_parts.map((p) => p.part_id)];
}
