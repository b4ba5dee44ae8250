/** The body of `POST /v1/products` (manager): a product's description, price and tax rate. Stock moves separately. */

import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { productId } from './order.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const productUpsert = z.strictObject({
  id: productId,
  sku: text(LIMITS.maxIdLength),
  barcode: z.string().regex(/^\d{8,14}$/, 'must be 8–14 digits (EAN/UPC/GTIN)'),
  name: text(LIMITS.maxNameLength),
  category: text(LIMITS.maxIdLength),
  price: z.number().int().min(0).max(LIMITS.maxUnitPrice),
  taxRateBps: z.number().int().min(0).max(LIMITS.maxTaxRateBps),
  /** Where the kitchen prepares it (kitchen service); null or absent: nothing to prepare. */
  kitchenStation: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a lowercase station name (letters, digits, dashes; up to 32)')
    .nullable()
    .optional(),
  /** Alert the store (notification service) when available stock falls to this or below; null or absent: never. */
  lowStockThreshold: z.number().int().min(0).max(LIMITS.maxQuantity).nullable().optional(),
});
export type ProductUpsert = z.infer<typeof productUpsert>;
