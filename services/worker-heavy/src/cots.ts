// STUB (pricing branch): the COTS catalog client validate-and-price uses. The cots branch replaces
// this file with the real client (GET <COTS_CATALOG_URL>/cots/parts/{id} with CONTROLLER_API_KEY);
// until then a fixed table of the three catalog parts the phase-B fixtures use, same signature.
export interface CotsPart {
  part_id: string;
  name: string;
  category: string;
  manufacturer?: string;
  specs?: Record<string, unknown>;
  price: number;
  weight_g: number;
  source?: string;
}

/** The catalog cannot be reached (network, auth, 5xx): pricing refuses rather than guessing. */
export class CotsUnavailable extends Error {}

const TABLE: CotsPart[] = [
  { part_id: 'FST-M5X16-SHCS', name: 'Socket head cap screw M5×16', category: 'fastener', manufacturer: 'generic', price: 0.22, weight_g: 4.2, source: 'stub' },
  { part_id: 'MTR-NEMA17-40', name: 'NEMA 17 stepper motor, 40 mm', category: 'motor', manufacturer: 'generic', price: 14.9, weight_g: 280, source: 'stub' },
  { part_id: 'BRG-608-2RS', name: '608-2RS ball bearing', category: 'bearing', manufacturer: 'generic', price: 1.1, weight_g: 12, source: 'stub' },
];

export async function lookupCotsParts(ids: string[]): Promise<{ parts: Map<string, CotsPart>; catalog_version: string }> {
  const parts = new Map<string, CotsPart>();
  for (const id of new Set(ids)) {
    const found = TABLE.find((p) => p.part_id === id);
    if (found) parts.set(id, found);
  }
  return { parts, catalog_version: 'stub-1' };
}
