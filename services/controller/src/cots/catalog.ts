// The COTS catalog as data: the strict reading of services/controller/data/cots-catalog.yaml,
// its canonical form and the snapshot hash that names one exact content (INT-064). No I/O
// here except reading the file; Postgres lives in seed.ts and store.ts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { CotsPart } from '../../../shared/src/schemas.ts';

export type SpecValue = CotsPart['specs'][string];
export type { CotsPart };

export interface Catalog {
  catalog_version: string;
  /** ISO 8601 UTC timestamp of when the data was compiled. */
  generated_at: string;
  parts: CotsPart[];
}

export const PART_ID_PATTERN = '^[A-Z0-9][A-Z0-9-]{1,63}$';
const PART_ID_RE = new RegExp(PART_ID_PATTERN);
const CATEGORY_RE = /^[a-z][a-z_]{1,39}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const PART_KEYS = ['part_id', 'name', 'category', 'manufacturer', 'price', 'weight_g', 'source', 'specs'] as const;

/** Strict: unknown keys, missing fields, duplicate IDs, non-positive numbers — every problem, in one error. */
export function parseCatalog(text: string, file = 'cots-catalog.yaml'): Catalog {
  const doc = parseYaml(text) as Record<string, unknown> | null;
  const problems: string[] = [];
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file}: not a YAML mapping`);
  for (const key of Object.keys(doc)) if (!['catalog_version', 'generated_at', 'parts'].includes(key)) problems.push(`unknown top-level key "${key}"`);
  const version = doc.catalog_version;
  if (typeof version !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(version)) problems.push('catalog_version must be a string of [A-Za-z0-9._-], 1..64 characters');
  const generated = doc.generated_at;
  if (typeof generated !== 'string' || !ISO_RE.test(generated) || Number.isNaN(Date.parse(generated))) problems.push('generated_at must be an ISO 8601 UTC timestamp string (…Z)');
  const parts: CotsPart[] = [];
  const seen = new Set<string>();
  if (!Array.isArray(doc.parts) || doc.parts.length === 0) problems.push('parts must be a non-empty list');
  else {
    doc.parts.forEach((raw: unknown, i: number) => {
      const where = `parts[${i}]`;
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return void problems.push(`${where} must be a mapping`);
      const p = raw as Record<string, unknown>;
      for (const key of Object.keys(p)) if (!(PART_KEYS as readonly string[]).includes(key)) problems.push(`${where}: unknown key "${key}"`);
      const id = p.part_id;
      if (typeof id !== 'string' || !PART_ID_RE.test(id)) problems.push(`${where}.part_id must match ${PART_ID_PATTERN}`);
      else if (seen.has(id)) problems.push(`${where}.part_id ${id} is listed twice`);
      else seen.add(id);
      for (const key of ['name', 'manufacturer', 'source'] as const) {
        if (typeof p[key] !== 'string' || !(p[key] as string).trim()) problems.push(`${where}.${key} must be a non-empty string`);
      }
      if (typeof p.category !== 'string' || !CATEGORY_RE.test(p.category)) problems.push(`${where}.category must be lower-case letters and _ (e.g. fastener)`);
      for (const key of ['price', 'weight_g'] as const) {
        if (typeof p[key] !== 'number' || !Number.isFinite(p[key]) || (p[key] as number) <= 0) problems.push(`${where}.${key} must be a positive number`);
      }
      const specs = p.specs;
      if (!specs || typeof specs !== 'object' || Array.isArray(specs) || Object.keys(specs).length === 0) problems.push(`${where}.specs must be a non-empty mapping`);
      else {
        for (const [k, v] of Object.entries(specs)) {
          if (!['string', 'number', 'boolean'].includes(typeof v)) problems.push(`${where}.specs.${k} must be a string, number or boolean (got ${v === null ? 'null' : typeof v})`);
        }
      }
      parts.push({
        part_id: id as string,
        name: p.name as string,
        category: p.category as string,
        manufacturer: p.manufacturer as string,
        price: p.price as number,
        weight_g: p.weight_g as number,
        source: p.source as string,
        specs: specs as Record<string, SpecValue>,
      });
    });
  }
  if (problems.length) throw new Error(`${file} is not a valid COTS catalog:\n  - ${problems.join('\n  - ')}`);
  return { catalog_version: version as string, generated_at: generated as string, parts };
}

export function readCatalogFile(path: string): Catalog {
  return parseCatalog(fs.readFileSync(path, 'utf8'), path);
}

/** JSON with object keys sorted at every depth: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The canonical catalog: version, generated_at and the parts ordered by part_id. */
export function canonicalCatalog(catalog: Catalog): string {
  const parts = [...catalog.parts].sort((a, b) => (a.part_id < b.part_id ? -1 : a.part_id > b.part_id ? 1 : 0));
  return canonicalJson({ catalog_version: catalog.catalog_version, generated_at: catalog.generated_at, parts });
}

/** sha256 (hex) of the canonical catalog. */
export function snapshotHash(catalog: Catalog): string {
  return crypto.createHash('sha256').update(canonicalCatalog(catalog)).digest('hex');
}
