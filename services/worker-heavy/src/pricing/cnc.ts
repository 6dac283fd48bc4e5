// CNC milling from a block. Stock = bounding box + stock_margin_mm on every side; material is
// bought by the stock's mass; machining time = (stock − part volume) ÷ the material's removal rate;
// setup is paid once per batch (÷ quantity); each drilled hole adds drilling_cost_per_hole.
//   unit_cost = stock_mass_kg × price_per_kg + machining_time_h × machine_rate_per_hour
//             + setup_fee ÷ quantity + holes × drilling_cost_per_hole
import { manufacturingConfig } from '../materials.ts';
import { finish, sizeMm, type PartPrice, type PricingInput } from './types.ts';

export function priceCnc(input: PricingInput): PartPrice {
  const r = manufacturingConfig().methods.CNC;
  const size = sizeMm(input.part.bbox);
  const stock_mm = size.map((d) => d + 2 * r.stock_margin_mm) as [number, number, number];
  const stock_volume_cm3 = (stock_mm[0] * stock_mm[1] * stock_mm[2]) / 1000;
  const volume_cm3 = input.part.volume_m3 * 1e6;
  const removed_volume_cm3 = Math.max(0, stock_volume_cm3 - volume_cm3);
  const stock_mass_kg = (stock_volume_cm3 * input.material.density_g_cm3) / 1000;
  const removal_rate_cm3_per_min = r.removal_rate_cm3_per_min[input.material.id]!;
  const machining_time_min = removed_volume_cm3 / removal_rate_cm3_per_min;
  return finish(
    input,
    'CNC',
    { stock_mm, stock_volume_cm3, stock_mass_kg, removed_volume_cm3, removal_rate_cm3_per_min, machining_time_min },
    {
      material: stock_mass_kg * input.material.price_per_kg,
      machining: (machining_time_min / 60) * r.machine_rate_per_hour,
      setup: r.setup_fee / input.quantity,
      drilling: input.holes * r.drilling_cost_per_hole,
    },
  );
}
