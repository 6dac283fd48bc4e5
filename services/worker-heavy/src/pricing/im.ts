// Injection moulding. The mould costs tooling_base_cost + tooling_cost_per_cm2 × the part's surface
// area, paid once and amortized over the quantity; material per shot = volume × density ×
// (1 + scrap_factor); cycle time = cycle_time_base_s + cycle_time_per_cm3_s × volume, at the press
// rate; setup once per batch. Holes are moulded in (no drilling).
//   unit_cost = tooling ÷ quantity + shot_mass_kg × price_per_kg + cycle_time_h × machine_rate_per_hour
//             + setup_fee ÷ quantity
import { manufacturingConfig } from '../materials.ts';
import { finish, type PartPrice, type PricingInput } from './types.ts';

export function priceIm(input: PricingInput): PartPrice {
  const r = manufacturingConfig().methods.IM;
  const volume_cm3 = input.part.volume_m3 * 1e6;
  const surface_area_cm2 = input.part.surface_area_m2 * 1e4;
  const tooling_cost = r.tooling_base_cost + r.tooling_cost_per_cm2 * surface_area_cm2;
  const shot_mass_kg = (volume_cm3 * input.material.density_g_cm3 * (1 + r.scrap_factor)) / 1000;
  const cycle_time_s = r.cycle_time_base_s + r.cycle_time_per_cm3_s * volume_cm3;
  return finish(
    input,
    'IM',
    { tooling_cost, shot_mass_kg, cycle_time_s },
    {
      tooling: tooling_cost / input.quantity,
      material: shot_mass_kg * input.material.price_per_kg,
      cycle: (cycle_time_s / 3600) * r.machine_rate_per_hour,
      setup: r.setup_fee / input.quantity,
    },
  );
}
