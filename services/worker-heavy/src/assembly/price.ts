// validate-and-price's assembly half: assembly_definition.yaml against the build script's parts
// (each part declared, names and materials agreeing, the material allowed for the method), each
// manufactured part priced from its measured geometry (../pricing), the COTS lines from the
// catalog (../cots.ts), the mating (./mating.ts), then the money and weight rules: the declared
// totals equal the computed sum (±1 % or ±0.01), the computed totals stay within the planner
// targets, the planner targets within the benchmark caps, and the totals within the caps.
import type { Manifold } from 'manifold-3d';
import type { ChildPart } from '../cad/run-script.ts';
import { CotsUnavailable, lookupCotsParts } from '../cots.ts';
import { isMethod, manufacturingConfig, materialOf } from '../materials.ts';
import type { Objectives } from '../objectives.ts';
import { pricePart, type PartPrice } from '../pricing/index.ts';
import { problem, type Problem } from '../problems.ts';
import { ASSEMBLY_FILE, parseAssemblyDefinition, type AssemblyDefinition } from './definition.ts';
import { matingProblems } from './mating.ts';

const F = ASSEMBLY_FILE;

/** Declared totals may differ from the computed ones by 1 % or 0.01 (whichever is larger). */
export const TOTALS_RELATIVE_TOLERANCE = 0.01;
export const TOTALS_ABSOLUTE_TOLERANCE = 0.01;
/** A declared COTS unit price within half a cent of the catalog's is the catalog's. */
export const COTS_PRICE_TOLERANCE = 0.005;

export const withinTolerance = (declared: number, computed: number) =>
  Math.abs(declared - computed) <= Math.max(TOTALS_ABSOLUTE_TOLERANCE, TOTALS_RELATIVE_TOLERANCE * Math.abs(computed));

export interface CotsPrice {
  part_id: string;
  quantity: number;
  unit_price: number;
  catalog_price: number;
  weight_g: number;
  line_cost: number;
  line_weight_g: number;
}

export interface PricingReport {
  config_path: string;
  currency: string;
  catalog_version: string | null;
  parts: PartPrice[];
  cots: CotsPrice[];
  /** Computed per assembly: Σ part unit costs + Σ COTS lines; weight Σ solid masses + COTS weights. */
  totals: { unit_cost: number; weight_g: number };
  /** false when a part or COTS line could not be priced (the totals are then partial and not compared). */
  complete: boolean;
  declared: AssemblyDefinition['totals'];
  planner_targets: AssemblyDefinition['planner_targets'];
  caps: Objectives['constraints'];
}

export interface PartGeometry {
  name: string;
  volume_cm3: number;
  surface_area_cm2: number;
  bbox: { min: number[]; max: number[] };
}

const money = (x: number) => x.toFixed(2);

export async function priceAssembly(
  text: string | undefined,
  parts: ChildPart[],
  geometry: PartGeometry[],
  solids: Map<string, Manifold>,
  caps: Objectives['constraints'],
): Promise<{ pricing: PricingReport | null; problems: Problem[] }> {
  if (text === undefined) {
    return {
      pricing: null,
      problems: [
        problem(
          F,
          'ASSEMBLY_MISSING',
          `${F} not found in the session: validate-and-price needs it (manufactured_parts with manufacturing_method CNC|3DP|IM, material, quantity, holes; cots_parts; final_assembly joints and fasteners; totals; planner_targets)`,
        ),
      ],
    };
  }
  const parsed = parseAssemblyDefinition(text);
  if (!parsed.definition) return { pricing: null, problems: parsed.problems };
  const def = parsed.definition;
  const problems: Problem[] = [];
  const config = manufacturingConfig();
  const byName = new Map(parts.map((p) => [p.name, p]));
  const declared = new Set(def.manufactured_parts.map((p) => p.name));
  const cotsIds = new Set(def.cots_parts.map((c) => c.part_id));
  let complete = true;

  for (const p of parts) {
    const cotsId = typeof p.metadata.cots_id === 'string' ? p.metadata.cots_id : undefined;
    if (declared.has(p.name)) continue;
    if (cotsId) {
      if (!cotsIds.has(cotsId)) problems.push(problem(F, 'COTS_NOT_DECLARED', `the build script's part "${p.name}" is catalog part ${cotsId}, which cots_parts does not list`, 'cots_parts'));
    } else {
      problems.push(problem(F, 'PART_NOT_DECLARED', `the build script's part "${p.name}" is not in manufactured_parts (every manufactured part needs its method, material and quantity for pricing)`, 'manufactured_parts'));
    }
  }

  const priced: PartPrice[] = [];
  for (const [i, mp] of def.manufactured_parts.entries()) {
    const field = `manufactured_parts[${i}]`;
    const part = byName.get(mp.name);
    if (!part) {
      problems.push(problem(F, 'UNKNOWN_PART', `"${mp.name}" is not a part label returned by the build script (parts: ${parts.map((p) => p.name).join(', ')})`, `${field}.name`));
      complete = false;
      continue;
    }
    const material = materialOf(mp.material);
    const allowed = config.methods[mp.manufacturing_method].materials;
    if (!material) {
      problems.push(problem(F, 'UNKNOWN_MATERIAL', `material "${mp.material}" is not in config/manufacturing.yaml (known: ${[...config.materials.keys()].join(', ')})`, `${field}.material`));
      complete = false;
      continue;
    }
    if (!allowed.includes(mp.material)) {
      problems.push(
        problem(F, 'MATERIAL_NOT_ALLOWED', `${mp.material} is not allowed for ${mp.manufacturing_method} (allowed for ${mp.manufacturing_method}: ${allowed.join(', ')}; config/manufacturing.yaml methods.${mp.manufacturing_method}.materials)`, `${field}.material`),
      );
      complete = false;
      continue;
    }
    if (part.metadata.material_id !== mp.material) {
      problems.push(problem(F, 'MATERIAL_MISMATCH', `part "${mp.name}" is ${mp.material} here but ${String(part.metadata.material_id)} in the build script's PartMetadata.material_id`, `${field}.material`));
    }
    const scriptMethod = part.metadata.manufacturing_method;
    if (isMethod(scriptMethod) && scriptMethod !== mp.manufacturing_method) {
      problems.push(problem(F, 'METHOD_MISMATCH', `part "${mp.name}" is ${mp.manufacturing_method} here but ${scriptMethod} in the build script's PartMetadata.manufacturing_method`, `${field}.manufacturing_method`));
    }
    const g = geometry.find((x) => x.name === mp.name)!;
    priced.push(
      pricePart(mp.manufacturing_method, {
        part: { name: mp.name, volume_m3: g.volume_cm3 / 1e6, surface_area_m2: g.surface_area_cm2 / 1e4, bbox: g.bbox as never },
        material,
        quantity: mp.quantity,
        holes: mp.holes,
        ...(mp.infill !== undefined ? { infill: mp.infill } : {}),
      }),
    );
  }

  const cots: CotsPrice[] = [];
  let catalog_version: string | null = null;
  const scriptCots = parts.map((p) => p.metadata.cots_id).filter((x): x is string => typeof x === 'string');
  const ids = [...new Set([...def.cots_parts.map((c) => c.part_id), ...scriptCots])];
  if (ids.length) {
    try {
      const found = await lookupCotsParts(ids);
      catalog_version = found.catalog_version;
      for (const [i, line] of def.cots_parts.entries()) {
        const item = found.parts.get(line.part_id);
        if (!item) {
          problems.push(problem(F, 'COTS_UNKNOWN_PART', `catalog part "${line.part_id}" does not exist in the COTS catalog (version ${found.catalog_version}); search it with search_cots`, `cots_parts[${i}].part_id`));
          complete = false;
          continue;
        }
        if (Math.abs(line.unit_price - item.price) > COTS_PRICE_TOLERANCE) {
          problems.push(problem(F, 'COTS_PRICE_MISMATCH', `${line.part_id} unit_price ${line.unit_price} differs from the catalog price ${item.price} (catalog version ${found.catalog_version})`, `cots_parts[${i}].unit_price`));
        }
        cots.push({ part_id: line.part_id, quantity: line.quantity, unit_price: line.unit_price, catalog_price: item.price, weight_g: item.weight_g, line_cost: line.quantity * item.price, line_weight_g: line.quantity * item.weight_g });
      }
    } catch (error) {
      if (!(error instanceof CotsUnavailable)) throw error;
      problems.push(problem(F, 'COTS_UNAVAILABLE', `the COTS catalog cannot be reached to price cots_parts (${error.message}); try validating again`, 'cots_parts'));
      complete = false;
    }
  }

  problems.push(...(await matingProblems(def, parts, solids)));

  const unit_cost = priced.reduce((s, p) => s + p.unit_cost, 0) + cots.reduce((s, c) => s + c.line_cost, 0);
  const weight_g = priced.reduce((s, p) => s + p.mass_g, 0) + cots.reduce((s, c) => s + c.line_weight_g, 0);
  const t = def.planner_targets;
  if (caps.max_unit_cost !== undefined && t.max_unit_cost > caps.max_unit_cost) {
    problems.push(problem(F, 'TARGET_EXCEEDS_CAP', `planner_targets.max_unit_cost ${t.max_unit_cost} exceeds the benchmark cap objectives.yaml constraints.max_unit_cost ${caps.max_unit_cost}`, 'planner_targets.max_unit_cost'));
  }
  if (caps.max_weight_g !== undefined && t.max_weight_g > caps.max_weight_g) {
    problems.push(problem(F, 'TARGET_EXCEEDS_CAP', `planner_targets.max_weight_g ${t.max_weight_g} g exceeds the benchmark cap objectives.yaml constraints.max_weight_g ${caps.max_weight_g} g`, 'planner_targets.max_weight_g'));
  }
  if (complete) {
    const breakdown = [...priced.map((p) => `${p.name} ${money(p.unit_cost)}`), ...cots.map((c) => `${c.quantity} × ${c.part_id} ${money(c.line_cost)}`)].join(' + ');
    if (!withinTolerance(def.totals.unit_cost, unit_cost)) {
      problems.push(problem(F, 'TOTALS_MISMATCH', `totals.unit_cost ${def.totals.unit_cost} does not equal the computed unit cost ${money(unit_cost)} (${breakdown}; tolerance ±1 % or ±0.01)`, 'totals.unit_cost'));
    }
    if (!withinTolerance(def.totals.weight_g, weight_g)) {
      problems.push(problem(F, 'TOTALS_MISMATCH', `totals.weight_g ${def.totals.weight_g} does not equal the computed weight ${weight_g.toFixed(1)} g (tolerance ±1 % or ±0.01 g)`, 'totals.weight_g'));
    }
    if (unit_cost > t.max_unit_cost) problems.push(problem(F, 'OVER_TARGET', `the computed unit cost ${money(unit_cost)} exceeds planner_targets.max_unit_cost ${t.max_unit_cost}`, 'planner_targets.max_unit_cost'));
    if (weight_g > t.max_weight_g) problems.push(problem(F, 'OVER_TARGET', `the computed weight ${weight_g.toFixed(1)} g exceeds planner_targets.max_weight_g ${t.max_weight_g} g`, 'planner_targets.max_weight_g'));
    if (caps.max_weight_g !== undefined && weight_g > caps.max_weight_g) {
      problems.push(problem('objectives.yaml', 'OVER_CAP', `total weight ${weight_g.toFixed(1)} g exceeds max_weight_g ${caps.max_weight_g} g (the benchmark cap)`, 'constraints.max_weight_g'));
    }
    if (caps.max_unit_cost !== undefined && unit_cost > caps.max_unit_cost) {
      problems.push(problem('objectives.yaml', 'OVER_CAP', `total cost ${money(unit_cost)} exceeds max_unit_cost ${caps.max_unit_cost} (the benchmark cap)`, 'constraints.max_unit_cost'));
    }
  }
  return {
    pricing: { config_path: config.path, currency: config.currency, catalog_version, parts: priced, cots, totals: { unit_cost, weight_g }, complete, declared: def.totals, planner_targets: t, caps },
    problems,
  };
}
