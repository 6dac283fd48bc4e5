// What every method's pricing takes (the part as the worker measured it) and gives back (a
// breakdown a test can recompute by hand from the reported geometry and config/manufacturing.yaml).
import type { Box3 } from '../objectives.ts';
import type { Material, Method } from '../materials.ts';

export interface MeasuredPart {
  name: string;
  /** m³, from the exact solid. */
  volume_m3: number;
  /** m², from the exact solid. */
  surface_area_m2: number;
  /** m, world frame. */
  bbox: Box3;
}

export interface PricingInput {
  part: MeasuredPart;
  material: Material;
  quantity: number;
  holes: number;
  /** 3DP only: overrides the config's infill_factor. */
  infill?: number;
}

export interface PartPrice {
  name: string;
  method: Method;
  material: string;
  quantity: number;
  holes: number;
  volume_cm3: number;
  surface_area_cm2: number;
  /** Bounding-box edge lengths, mm. */
  bbox_mm: [number, number, number];
  /** Solid mass: volume × density (what the weight total counts). */
  mass_g: number;
  /** Method-specific measured quantities (stock, removed volume, times, …). */
  figures: Record<string, number | number[]>;
  /** Cost lines per unit (USD); unit_cost is their sum. */
  lines: Record<string, number>;
  unit_cost: number;
  /** unit_cost × quantity. */
  batch_cost: number;
}

export const sizeMm = (b: Box3): [number, number, number] => [0, 1, 2].map((i) => (b.max[i]! - b.min[i]!) * 1000) as [number, number, number];

export function finish(input: PricingInput, method: Method, figures: PartPrice['figures'], lines: Record<string, number>): PartPrice {
  const unit_cost = Object.values(lines).reduce((s, x) => s + x, 0);
  const volume_cm3 = input.part.volume_m3 * 1e6;
  return {
    name: input.part.name,
    method,
    material: input.material.id,
    quantity: input.quantity,
    holes: input.holes,
    volume_cm3,
    surface_area_cm2: input.part.surface_area_m2 * 1e4,
    bbox_mm: sizeMm(input.part.bbox),
    mass_g: volume_cm3 * input.material.density_g_cm3,
    figures,
    lines,
    unit_cost,
    batch_cost: unit_cost * input.quantity,
  };
}
