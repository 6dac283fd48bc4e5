// POST /benchmark/validate's engine (validate-and-price): runs the build script, checks every
// part's metadata and material, measures solid–solid intersection volumes, the build zone and the
// objectives setup across the moved object's jitter range; then checks assembly_definition.yaml
// against the script's parts (every part declared, materials allowed for the method), prices each
// manufactured part from its measured geometry (pricing/*.ts, config/manufacturing.yaml) and the
// COTS lines from the catalog, checks the mating (assembly/mating.ts), the declared totals, the
// planner targets and the benchmark caps. Every refusal is also a Problem (file, field, code).
import fs from 'node:fs';
import path from 'node:path';
import type { ChildPart } from './cad/run-script.ts';
import { runBuildScript, ScriptError } from './cad/run-script.ts';
import { GeometryError, intersections, movedEnvelope, solidify, type Intersection } from './geometry.ts';
import { ASSEMBLY_FILE } from './assembly/definition.ts';
import { allowedMaterials, isMethod, materialOf, METHODS } from './materials.ts';
import { priceAssembly, type PricingReport } from './assembly/price.ts';
import type { Problem } from './problems.ts';
import { checkObjectives, inside, ObjectivesError, overlaps, parseObjectives, type Box3, type Objectives, type Vec3 } from './objectives.ts';
import type { FailureReason } from './failures.ts';
import { fingerprintOf, hashInputs, type InputFile } from './records.ts';

/** Intersections below this volume (1 mm³) are touching faces, not interference. */
export const INTERSECTION_TOLERANCE_M3 = 1e-9;

export interface PartReport {
  name: string;
  material_id: string;
  fixed: boolean;
  manufacturing_method: string | null;
  cots_id: string | null;
  joint: Record<string, unknown> | null;
  volume_cm3: number;
  surface_area_cm2: number;
  mass_g: number;
  cost: number;
  bbox: Box3;
}

export interface ValidationReport {
  success: boolean;
  failure: { reason: FailureReason; detail: string } | null;
  errors: string[];
  manufacturability_errors: string[];
  /** Every refusal as file/field/code/message (the errors above, structured). */
  problems: Problem[];
  /** Pricing of assembly_definition.yaml (null when the file is missing or does not parse). */
  pricing: PricingReport | null;
  parts: PartReport[];
  totals: { mass_g: number; cost: number; part_count: number };
  intersections: (Intersection & { volume_cm3: number })[];
  build_zone_violations: string[];
  objectives_problems: string[];
  constraints: Objectives['constraints'];
}

export class SessionInputError extends Error {}

export interface LoadedSession {
  parts: ChildPart[];
  objectives: Objectives;
  objectivesText: string;
  scriptText: string;
  /** assembly_definition.yaml's text, undefined when the file is missing. */
  assemblyText: string | undefined;
  /** objectives.yaml, assembly_definition.yaml, the script and every session file it imports, hashed. */
  files: InputFile[];
  fingerprint: string;
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** Script parts and objectives, or SessionInputError/ScriptError/ObjectivesError with a message. */
export async function loadSession(workDir: string, scriptPath: string): Promise<LoadedSession> {
  const objectivesFile = path.join(workDir, 'objectives.yaml');
  const objectivesStat = statOf(objectivesFile);
  if (!objectivesStat) throw new SessionInputError('objectives.yaml not found in the session');
  if (!objectivesStat.isFile()) throw new SessionInputError('objectives.yaml is a directory, not a file');
  const objectivesText = fs.readFileSync(objectivesFile, 'utf8');
  const objectives = parseObjectives(objectivesText);
  const scriptFile = path.join(workDir, scriptPath);
  const scriptStat = statOf(scriptFile);
  if (!scriptStat) throw new SessionInputError(`build script ${scriptPath} not found in the session`);
  if (!scriptStat.isFile()) throw new SessionInputError(`build script ${scriptPath} is a directory, not a file`);
  const scriptText = fs.readFileSync(scriptFile, 'utf8');
  const { parts, sources } = await runBuildScript(scriptFile, workDir);
  const assemblyFile = path.join(workDir, ASSEMBLY_FILE);
  const assemblyStat = statOf(assemblyFile);
  if (assemblyStat && !assemblyStat.isFile()) throw new SessionInputError(`${ASSEMBLY_FILE} is a directory, not a file`);
  const assemblyText = assemblyStat ? fs.readFileSync(assemblyFile, 'utf8') : undefined;
  const files = hashInputs(workDir, ['objectives.yaml', ASSEMBLY_FILE, scriptPath, ...sources]);
  return { parts, objectives, objectivesText, scriptText, assemblyText, files, fingerprint: fingerprintOf(files) };
}

/**
 * The objectives setup against these parts, as validate, simulate and verify all check it: zones
 * inside the bounds and apart, the moved object's start range (start ± jitter) inside the bounds
 * and clear of forbid zones, the goal and every part, and no part named like the moved object
 * (trajectories and GLB meshes are keyed by name). `jitter` overrides runtime_jitter (verify).
 */
export async function setupProblems(parts: ChildPart[], objectives: Objectives, jitter?: { range: Vec3; name: string }): Promise<string[]> {
  const o = jitter ? { ...objectives, moved_object: { ...objectives.moved_object, runtime_jitter: jitter.range } } : objectives;
  const m = o.moved_object;
  const problems = checkObjectives(o, jitter?.name);
  if (parts.some((p) => p.name === m.label)) {
    problems.push(`part "${m.label}" has the same name as the moved object (moved_object.label); rename one of them`);
  }
  const envelope = await movedEnvelope(m);
  try {
    const eb = envelope.boundingBox();
    const envelopeBox: Box3 = { min: [...eb.min] as Vec3, max: [...eb.max] as Vec3 };
    for (const part of parts) {
      if (!overlaps(part.bbox, envelopeBox)) continue;
      const s = await solidify(part);
      const common = envelope.intersect(s.manifold);
      const volume = common.volume();
      common.delete();
      s.manifold.delete();
      if (volume > INTERSECTION_TOLERANCE_M3) {
        problems.push(`moved object "${m.label}" intersects part "${part.name}" within its start jitter range (${(volume * 1e6).toFixed(3)} cm³)`);
      }
    }
  } finally {
    envelope.delete();
  }
  return problems;
}

const isVec3 = (v: unknown): v is Vec3 => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const CONTROLLER_PARAMS: Record<string, string[]> = {
  constant: ['value'],
  sinusoidal: ['amplitude', 'frequency_hz'],
  square: ['amplitude', 'frequency_hz'],
  trapezoidal: ['amplitude', 'period_s', 'rise_s'],
  position: ['target', 'kp'],
};

/** Problems with one part's joint metadata (names the part), empty when fine. */
export function checkJoint(part: ChildPart, names: ReadonlySet<string>): string[] {
  const joint = part.metadata.joint as Record<string, unknown> | undefined;
  if (joint === undefined) return [];
  const p = `part "${part.name}" joint`;
  if (!joint || typeof joint !== 'object') return [`${p} must be an object`];
  const problems: string[] = [];
  if (!['revolute', 'prismatic', 'fixed'].includes(joint.type as string)) problems.push(`${p}.type must be revolute, prismatic or fixed`);
  if (part.metadata.fixed === true) problems.push(`${p}: a fixed part cannot have a joint (set fixed: false)`);
  if (joint.parent !== undefined && (typeof joint.parent !== 'string' || !names.has(joint.parent) || joint.parent === part.name)) {
    problems.push(`${p}.parent "${String(joint.parent)}" is not another part of the assembly`);
  }
  if (!isVec3(joint.anchor)) problems.push(`${p}.anchor must be [x, y, z]`);
  if (joint.axis !== undefined && (!isVec3(joint.axis) || Math.hypot(...joint.axis) < 1e-9)) problems.push(`${p}.axis must be a non-zero [x, y, z]`);
  const range = joint.limits;
  if (range !== undefined && !(Array.isArray(range) && range.length === 2 && isNum(range[0]) && isNum(range[1]) && range[0] < range[1])) {
    problems.push(`${p}.limits must be [min, max] with min < max`);
  }
  const fr = joint.force_range;
  if (fr !== undefined && !(Array.isArray(fr) && fr.length === 2 && isNum(fr[0]) && isNum(fr[1]) && fr[0] <= 0 && fr[1] >= 0 && fr[0] < fr[1])) {
    problems.push(`${p}.force_range must be [min ≤ 0, max ≥ 0] with min < max`);
  }
  const c = joint.controller as Record<string, unknown> | undefined;
  if (c !== undefined) {
    if (joint.type === 'fixed') problems.push(`${p}: a fixed joint cannot have a controller`);
    if (fr === undefined) problems.push(`${p}.controller needs a force_range (the actuator's effort limits)`);
    const needed = c && typeof c === 'object' ? CONTROLLER_PARAMS[c.type as string] : undefined;
    if (!needed) problems.push(`${p}.controller.type must be one of ${Object.keys(CONTROLLER_PARAMS).join(', ')}`);
    else for (const key of needed) if (!isNum(c[key])) problems.push(`${p}.controller.${key} must be a number`);
  }
  return problems;
}

/** Parent names by child, for joint-connected pairs (allowed to touch/overlap at the pin). */
export function jointPairs(parts: ChildPart[]): Set<string> {
  const pairs = new Set<string>();
  for (const part of parts) {
    const parent = (part.metadata.joint as { parent?: string } | undefined)?.parent;
    if (parent) pairs.add([part.name, parent].sort().join('\u0000'));
  }
  return pairs;
}

/** PartMetadata.manufacturing_method problems: exactly CNC, 3DP or IM (a lowercase spelling gets the fix). */
export function methodProblem(part: ChildPart): string | null {
  const method = part.metadata.manufacturing_method;
  if (method === undefined || isMethod(method)) return null;
  const upper = typeof method === 'string' ? method.trim().toUpperCase() : '';
  const hint = isMethod(upper) ? `; write '${upper}', not '${String(method)}' (methods are spelled exactly ${METHODS.join(', ')})` : '';
  return `part "${part.name}" has unknown manufacturing_method "${String(method)}" (one of ${METHODS.join(' | ')})${hint}`;
}

export async function validateAssembly(parts: ChildPart[], objectives: Objectives, assemblyText: string | undefined, scriptPath = 'script.ts'): Promise<ValidationReport> {
  const errors: string[] = [];
  const manufacturability_errors: string[] = [];
  const problems: Problem[] = [];
  const fail = (p: Problem, manufacturability = false) => {
    problems.push(p);
    (manufacturability ? manufacturability_errors : errors).push(p.field ? `${p.file} ${p.field}: ${p.message}` : `${p.file}: ${p.message}`);
  };
  const scriptProblem = (code: string, message: string, field?: string) => fail({ file: scriptPath, code, message, ...(field ? { field } : {}) });
  const names = new Set(parts.map((p) => p.name));
  const reports: PartReport[] = [];
  const solids = await Promise.all(parts.map(solidify));
  for (const [i, part] of parts.entries()) {
    const m = part.metadata;
    const materialId = m.material_id as string;
    const material = materialOf(materialId);
    const method = typeof m.manufacturing_method === 'string' ? m.manufacturing_method : null;
    if (!material) scriptProblem('UNKNOWN_MATERIAL', `part "${part.name}" uses unknown material "${materialId}" (config/manufacturing.yaml materials)`, `${part.name}.material_id`);
    const badMethod = methodProblem(part);
    if (badMethod) scriptProblem('INVALID_METHOD', badMethod, `${part.name}.manufacturing_method`);
    else if (method !== null && material && !material.methods.includes(method as never)) {
      fail({ file: scriptPath, field: `${part.name}.material_id`, code: 'MATERIAL_NOT_ALLOWED', message: `part "${part.name}": ${material.id} cannot be made by ${method} (allowed for ${method}: ${allowedFor(method)})` }, true);
    }
    for (const j of checkJoint(part, names)) scriptProblem('INVALID_JOINT', j, `${part.name}.joint`);
    const massKg = material ? part.volume * material.density_kg_m3 : 0;
    reports.push({
      name: part.name,
      material_id: materialId,
      fixed: m.fixed as boolean,
      manufacturing_method: method,
      cots_id: typeof m.cots_id === 'string' ? m.cots_id : null,
      joint: m.joint && typeof m.joint === 'object' ? (m.joint as Record<string, unknown>) : null,
      volume_cm3: part.volume * 1e6,
      surface_area_cm2: solids[i]!.manifold.surfaceArea() * 1e4,
      mass_g: massKg * 1000,
      cost: 0,
      bbox: part.bbox as Box3,
    });
  }

  const pairs = jointPairs(parts);
  const found = intersections(solids, INTERSECTION_TOLERANCE_M3, (a, b) => pairs.has([a, b].sort().join('\u0000')));
  for (const x of found) scriptProblem('PARTS_INTERSECT', `parts "${x.a}" and "${x.b}" intersect (${(x.volume_m3 * 1e6).toFixed(3)} cm³)`);

  const build_zone_violations: string[] = [];
  for (const r of reports) {
    if (!inside(r.bbox, objectives.objectives.build_zone)) {
      const message = `part "${r.name}" bounding box ${fmtBox(r.bbox)} is outside objectives.build_zone ${fmtBox(objectives.objectives.build_zone)}`;
      build_zone_violations.push(message);
      scriptProblem('OUTSIDE_BUILD_ZONE', message, r.name);
    }
  }

  const objectives_problems = await setupProblems(parts, objectives);
  for (const o of objectives_problems) fail({ file: 'objectives.yaml', code: 'UNSOLVABLE_SCENARIO', message: o });

  let pricing: PricingReport | null = null;
  try {
    const priced = await priceAssembly(assemblyText, parts, reports, new Map(solids.map((s) => [s.name, s.manifold])), objectives.constraints);
    pricing = priced.pricing;
    for (const p of priced.problems) fail(p, MANUFACTURABILITY_CODES.has(p.code));
  } finally {
    for (const s of solids) s.manifold.delete();
  }
  if (pricing) {
    for (const r of reports) r.cost = pricing.parts.find((p) => p.name === r.name)?.unit_cost ?? 0;
  }
  const mass_g = pricing ? pricing.totals.weight_g : reports.reduce((sum, r) => sum + r.mass_g, 0);
  const cost = pricing ? pricing.totals.unit_cost : 0;

  const failure: ValidationReport['failure'] = errors.length
    ? { reason: 'VALIDATION_FAILED', detail: errors.join('; ') }
    : manufacturability_errors.length
      ? { reason: 'MANUFACTURABILITY_FAILED', detail: manufacturability_errors.join('; ') }
      : null;
  return {
    success: failure === null,
    failure,
    errors,
    manufacturability_errors,
    problems,
    pricing,
    parts: reports,
    totals: { mass_g, cost, part_count: parts.length },
    intersections: found.map((x) => ({ ...x, volume_cm3: x.volume_m3 * 1e6 })),
    build_zone_violations,
    objectives_problems,
    constraints: objectives.constraints,
  };
}

/** Codes that mean "cannot be made this way" rather than "invalid input". */
const MANUFACTURABILITY_CODES = new Set(['MATERIAL_NOT_ALLOWED', 'FIELD_NOT_FOR_METHOD']);

function allowedFor(method: string): string {
  return isMethod(method) ? [...materialsFor(method)].join(', ') : '';
}
const materialsFor = (method: (typeof METHODS)[number]) => allowedMaterials(method);

function fmtBox(b: Box3): string {
  const f = (v: number[]) => `[${v.map((x) => +x.toFixed(4)).join(', ')}]`;
  return `${f(b.min)}–${f(b.max)}`;
}

/** Turns a loading problem into the message a VALIDATION_FAILED response carries. */
export function inputProblem(error: unknown): string | undefined {
  if (error instanceof ScriptError || error instanceof ObjectivesError || error instanceof SessionInputError || error instanceof GeometryError) return error.message;
  return undefined;
}
