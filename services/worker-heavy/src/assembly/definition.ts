// STUB (planning branch): the pricing helper owns this file and its real strict parser; the merge
// replaces this. Same exported signatures as the phase-B contract: YAML parse + the required
// top-level keys only, so the plan gate compiles and runs before the merge.
import { parse } from 'yaml';
import { problem, type Problem } from '../problems.ts';

export const ASSEMBLY_FILE = 'assembly_definition.yaml';

export interface ManufacturedPart {
  name: string;
  manufacturing_method: 'CNC' | '3DP' | 'IM';
  material: string;
  quantity: number;
  holes?: number;
}
export interface CotsPartRef {
  part_id: string;
  quantity: number;
  unit_price: number;
}
export interface AssemblyJoint {
  name: string;
  type: 'revolute' | 'prismatic' | 'fixed';
  parent: string;
  child: string;
  axis: [number, number, number];
  anchor: [number, number, number];
}
export interface AssemblyFastener {
  part_id: string;
  joins: [string, string];
  at: [number, number, number];
}
export interface AssemblyDefinition {
  version: number;
  manufactured_parts: ManufacturedPart[];
  cots_parts: CotsPartRef[];
  final_assembly: { joints: AssemblyJoint[]; fasteners: AssemblyFastener[] };
  totals: { unit_cost: number; weight_g: number };
  planner_targets: { max_unit_cost: number; max_weight_g: number };
}

const REQUIRED = ['version', 'manufactured_parts', 'cots_parts', 'final_assembly', 'totals', 'planner_targets'] as const;

/** Strict parse + schema + template-placeholder check; no geometry. (Stub: YAML + required keys.) */
export function parseAssemblyDefinition(text: string): { definition?: AssemblyDefinition; problems: Problem[] } {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    return { problems: [problem(ASSEMBLY_FILE, 'INVALID_ASSEMBLY', `${ASSEMBLY_FILE} is not valid YAML: ${(error as Error).message.split('\n')[0]}`)] };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { problems: [problem(ASSEMBLY_FILE, 'INVALID_ASSEMBLY', `${ASSEMBLY_FILE} must be a mapping`)] };
  const root = doc as Record<string, unknown>;
  const problems = REQUIRED.filter((k) => root[k] === undefined).map((k) => problem(ASSEMBLY_FILE, 'INVALID_ASSEMBLY', `${k} is required`, k));
  for (const k of ['manufactured_parts', 'cots_parts'] as const) {
    if (root[k] !== undefined && !Array.isArray(root[k])) problems.push(problem(ASSEMBLY_FILE, 'INVALID_ASSEMBLY', `${k} must be a list`, k));
  }
  return problems.length ? { problems } : { definition: root as unknown as AssemblyDefinition, problems };
}

/** Every name the plan must mention: manufactured part names and COTS part IDs. */
export function declaredPartNames(def: AssemblyDefinition): string[] {
  return [...def.manufactured_parts.map((p) => p.name), ...def.cots_parts.map((p) => p.part_id)].filter((n): n is string => typeof n === 'string' && n.length > 0);
}
