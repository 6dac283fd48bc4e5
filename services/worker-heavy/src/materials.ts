// Materials and manufacturing rates, read from config/manufacturing.yaml — the only source of
// both (no table in code). A material's density (kg/m³ here; g/cm³ in the file), price per kg,
// the manufacturing methods that allow it, and friction/restitution for the physics contacts;
// per method (CNC, 3DP, IM) the rates pricing/*.ts uses. The file is checked when first read: a
// broken config stops the worker with a message naming the key, never prices with a guess.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const METHODS = ['CNC', '3DP', 'IM'] as const;
export type Method = (typeof METHODS)[number];
export const isMethod = (v: unknown): v is Method => typeof v === 'string' && (METHODS as readonly string[]).includes(v);

export interface Material {
  id: string;
  name: string;
  density_kg_m3: number;
  /** g/cm³, as in the config file. */
  density_g_cm3: number;
  price_per_kg: number;
  /** Manufacturing methods whose `materials` list names this material. */
  methods: Method[];
  friction: number;
  restitution: number;
}

export interface CncRates {
  materials: string[];
  stock_margin_mm: number;
  machine_rate_per_hour: number;
  setup_fee: number;
  drilling_cost_per_hole: number;
  removal_rate_cm3_per_min: Record<string, number>;
}
export interface PrintRates {
  materials: string[];
  infill_factor: number;
  print_rate_cm3_per_hour: number;
  machine_rate_per_hour: number;
  setup_fee: number;
  drilling_cost_per_hole: number;
}
export interface ImRates {
  materials: string[];
  tooling_base_cost: number;
  tooling_cost_per_cm2: number;
  scrap_factor: number;
  cycle_time_base_s: number;
  cycle_time_per_cm3_s: number;
  machine_rate_per_hour: number;
  setup_fee: number;
}
export interface ManufacturingConfig {
  version: number;
  currency: string;
  /** Where it was read from. */
  path: string;
  materials: Map<string, Material>;
  methods: { CNC: CncRates; '3DP': PrintRates; IM: ImRates };
}

export class ConfigError extends Error {}

/** `MANUFACTURING_CONFIG`, else config/manufacturing.yaml found upward from this module (source or dist/). */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MANUFACTURING_CONFIG) return path.resolve(env.MANUFACTURING_CONFIG);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'config', 'manufacturing.yaml');
    if (fs.existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new ConfigError(`config/manufacturing.yaml not found above ${path.dirname(fileURLToPath(import.meta.url))}`);
    dir = up;
  }
}

const posNum = (v: unknown, where: string, allowZero = false): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) throw new ConfigError(`manufacturing config: ${where} must be a ${allowZero ? 'non-negative' : 'positive'} number`);
  return v;
};
const obj = (v: unknown, where: string): Record<string, unknown> => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`manufacturing config: ${where} must be a mapping`);
  return v as Record<string, unknown>;
};

/** Parses and checks the config text (every number present and positive, method materials known). */
export function parseManufacturingConfig(text: string, file = 'config/manufacturing.yaml'): ManufacturingConfig {
  const root = obj(parse(text), 'the file');
  const mats = obj(root.materials, 'materials');
  const methods = obj(root.methods, 'methods');
  for (const key of Object.keys(methods)) if (!isMethod(key)) throw new ConfigError(`manufacturing config: methods.${key} is not one of ${METHODS.join(', ')}`);
  const allowed = (m: Method): string[] => {
    const list = obj(methods[m], `methods.${m}`).materials;
    if (!Array.isArray(list) || !list.length || !list.every((x) => typeof x === 'string' && x in mats)) {
      throw new ConfigError(`manufacturing config: methods.${m}.materials must list materials defined under materials`);
    }
    return list as string[];
  };
  const nums = <T>(m: Method, keys: string[], zeroOk: string[] = []): T => {
    const o = obj(methods[m], `methods.${m}`);
    const out: Record<string, unknown> = { materials: allowed(m) };
    for (const k of keys) out[k] = posNum(o[k], `methods.${m}.${k}`, zeroOk.includes(k));
    return out as T;
  };
  const cnc = nums<CncRates>('CNC', ['stock_margin_mm', 'machine_rate_per_hour', 'setup_fee', 'drilling_cost_per_hole'], ['stock_margin_mm', 'setup_fee']);
  const rates = obj(obj(methods.CNC, 'methods.CNC').removal_rate_cm3_per_min, 'methods.CNC.removal_rate_cm3_per_min');
  cnc.removal_rate_cm3_per_min = {};
  for (const id of cnc.materials) cnc.removal_rate_cm3_per_min[id] = posNum(rates[id], `methods.CNC.removal_rate_cm3_per_min.${id}`);
  const print = nums<PrintRates>('3DP', ['infill_factor', 'print_rate_cm3_per_hour', 'machine_rate_per_hour', 'setup_fee', 'drilling_cost_per_hole'], ['setup_fee']);
  if (print.infill_factor > 1) throw new ConfigError('manufacturing config: methods.3DP.infill_factor must be at most 1');
  const im = nums<ImRates>('IM', ['tooling_base_cost', 'tooling_cost_per_cm2', 'scrap_factor', 'cycle_time_base_s', 'cycle_time_per_cm3_s', 'machine_rate_per_hour', 'setup_fee'], ['tooling_base_cost', 'scrap_factor', 'cycle_time_base_s', 'setup_fee']);
  const byMethod = { CNC: cnc, '3DP': print, IM: im };
  const materials = new Map<string, Material>();
  for (const [id, raw] of Object.entries(mats)) {
    const m = obj(raw, `materials.${id}`);
    const density = posNum(m.density_g_cm3, `materials.${id}.density_g_cm3`);
    materials.set(id, {
      id,
      name: typeof m.name === 'string' ? m.name : id,
      density_g_cm3: density,
      density_kg_m3: density * 1000,
      price_per_kg: posNum(m.price_per_kg, `materials.${id}.price_per_kg`),
      methods: METHODS.filter((k) => byMethod[k].materials.includes(id)),
      friction: posNum(m.friction, `materials.${id}.friction`, true),
      restitution: posNum(m.restitution, `materials.${id}.restitution`, true),
    });
  }
  return { version: typeof root.version === 'number' ? root.version : 1, currency: typeof root.currency === 'string' ? root.currency : 'USD', path: file, materials, methods: byMethod };
}

let loaded: ManufacturingConfig | undefined;

/** The config, read once per process. */
export function manufacturingConfig(): ManufacturingConfig {
  if (!loaded) {
    const file = configPath();
    loaded = parseManufacturingConfig(fs.readFileSync(file, 'utf8'), file);
  }
  return loaded;
}

export function materialOf(id: string): Material | undefined {
  return manufacturingConfig().materials.get(id);
}

/** The materials a method allows, as listed in the config. */
export function allowedMaterials(method: Method): string[] {
  return manufacturingConfig().methods[method].materials;
}
