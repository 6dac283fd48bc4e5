// Prices one manufactured part by its method (CNC, 3DP, IM); see each module for the formula.
import type { Method } from '../materials.ts';
import { priceCnc } from './cnc.ts';
import { priceIm } from './im.ts';
import { pricePrint3d } from './print3d.ts';
import type { PartPrice, PricingInput } from './types.ts';

export type { MeasuredPart, PartPrice, PricingInput } from './types.ts';

const BY_METHOD: Record<Method, (input: PricingInput) => PartPrice> = { CNC: priceCnc, '3DP': pricePrint3d, IM: priceIm };

export function pricePart(method: Method, input: PricingInput): PartPrice {
  return BY_METHOD[method](input);
}
