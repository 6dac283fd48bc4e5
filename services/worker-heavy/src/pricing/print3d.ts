// 3D printing (FDM/SLS). Deposited volume = part volume × infill (walls + sparse infill; the
// config's infill_factor unless the part sets `infill`); print time = deposited volume ÷ print rate;
// setup once per batch (÷ quantity); post-drilled holes at drilling_cost_per_hole.
//   unit_cost = deposited_cm3 × density × price_per_kg ÷ 1000 + print_time_h × machine_rate_per_hour
//             + setup_fee ÷ quantity + holes × drilling_cost_per_hole
import { manufacturingConfig } from '../materials.ts';
import { finish, type PartPrice, type PricingInput } from './types.ts';

export function pricePrint3d(input: PricingInput): PartPrice {
  const r = manufacturingConfig().methods['3DP'];
  const infill_factor = input.infill ?? r.infill_factor;
  const deposited_volume_cm3 = input.part.volume_m3 * 1e6 * infill_factor;
  const deposited_mass_g = deposited_volume_cm3 * input.material.density_g_cm3;
  const print_time_h = deposited_volume_cm3 / r.print_rate_cm3_per_hour;
  return finish(
    input,
    '3DP',
    { infill_factor, deposited_volume_cm3, deposited_mass_g, print_rate_cm3_per_hour: r.print_rate_cm3_per_hour, print_time_h },
    {
      material: (deposited_mass_g / 1000) * input.material.price_per_kg,
      printing: print_time_h * r.machine_rate_per_hour,
      setup: r.setup_fee / input.quantity,
      drilling: input.holes * r.drilling_cost_per_hole,
    },
  );
}
