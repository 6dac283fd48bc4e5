// The materials table: what a part's `material_id` may name. Density in kg/m³, price per kg of
// finished material (machining/printing overhead folded in per method), and the manufacturing
// methods the material can be made with. Friction/restitution feed the physics contacts.
export interface Material {
  id: string;
  name: string;
  density_kg_m3: number;
  price_per_kg: number;
  methods: string[];
  friction: number;
  restitution: number;
}

/** Cost multiplier per manufacturing method, on top of the material price. */
export const METHOD_FACTOR: Readonly<Record<string, number>> = {
  cnc: 1.6,
  injection_molding: 1.1,
  '3d_print': 1.3,
  sheet_metal: 1.3,
  cots: 1.0,
};

const table: Material[] = [
  { id: 'aluminum_6061', name: 'Aluminium 6061-T6', density_kg_m3: 2700, price_per_kg: 8, methods: ['cnc', 'sheet_metal'], friction: 0.6, restitution: 0.2 },
  { id: 'steel', name: 'Steel 1018', density_kg_m3: 7850, price_per_kg: 2.5, methods: ['cnc', 'sheet_metal', 'cots'], friction: 0.6, restitution: 0.2 },
  { id: 'stainless_304', name: 'Stainless steel 304', density_kg_m3: 8000, price_per_kg: 6, methods: ['cnc', 'sheet_metal', 'cots'], friction: 0.6, restitution: 0.2 },
  { id: 'abs', name: 'ABS', density_kg_m3: 1040, price_per_kg: 3, methods: ['injection_molding', '3d_print'], friction: 0.5, restitution: 0.3 },
  { id: 'pla', name: 'PLA', density_kg_m3: 1240, price_per_kg: 25, methods: ['3d_print'], friction: 0.5, restitution: 0.3 },
  { id: 'nylon', name: 'Nylon PA12', density_kg_m3: 1010, price_per_kg: 60, methods: ['3d_print', 'injection_molding', 'cnc'], friction: 0.4, restitution: 0.3 },
  { id: 'wood', name: 'Plywood', density_kg_m3: 600, price_per_kg: 4, methods: ['cnc'], friction: 0.5, restitution: 0.2 },
  { id: 'rubber', name: 'Rubber (EPDM)', density_kg_m3: 1150, price_per_kg: 6, methods: ['injection_molding', 'cots'], friction: 1.0, restitution: 0.6 },
];

export const MATERIALS: ReadonlyMap<string, Material> = new Map(table.map((m) => [m.id, m]));

export function materialOf(id: string): Material | undefined {
  return MATERIALS.get(id);
}

/** Cost of a part from its mass, material price and method factor (no factor when unknown). */
export function partCost(material: Material, massKg: number, method?: string): number {
  const factor = method ? (METHOD_FACTOR[method] ?? 1) : 1;
  return massKg * material.price_per_kg * factor;
}
