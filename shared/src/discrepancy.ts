/** Inventory's discrepancies (G3): what committed sales revealed, listed for managers (`GET /v1/discrepancies`). */
import { z } from 'zod';
import { pageSchema } from './page.ts';

export const discrepancyKind = z.enum(['negative_stock', 'unknown_product']);
export type DiscrepancyKind = z.infer<typeof discrepancyKind>;

export const discrepancy = z.object({
  id: z.string(),
  kind: discrepancyKind,
  productId: z.string(),
  orderId: z.string(),
  lineNo: z.number().int(),
  quantity: z.number().int(),
  /** Stock after the sale; null for an unknown product. */
  onHandAfter: z.number().int().nullable(),
  createdAt: z.string(),
});
export type Discrepancy = z.infer<typeof discrepancy>;

/** One page of the store's discrepancies, oldest first. */
export const discrepancyPage = pageSchema('discrepancies', discrepancy);
