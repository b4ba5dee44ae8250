/**
 * A discount the cashier gives, on one line or on the whole order: a percentage (in basis points,
 * 1 000 = 10 %) or an amount (minor units), always with the reason the cashier chose.
 */
import { z } from 'zod';
import { LIMITS } from '../limits.ts';

export const MAX_DISCOUNT_REASON_LENGTH = 200;

export const discount = z.strictObject({
  /** Index (0-based) of the order line it applies to; absent: the whole order. */
  line: z
    .number()
    .int()
    .min(0)
    .max(LIMITS.maxLinesPerOrder - 1)
    .optional(),
  type: z.enum(['percent', 'amount']),
  /** percent: basis points (0–10 000); amount: minor units (never more than the discounted base). */
  value: z
    .number()
    .int()
    .min(0)
    .max(LIMITS.maxUnitPrice * LIMITS.maxQuantity * LIMITS.maxLinesPerOrder),
  reason: z.string().trim().min(1).max(MAX_DISCOUNT_REASON_LENGTH),
});
export type Discount = z.infer<typeof discount>;

/** At most one discount per line and one on the order; a percentage is at most 100 %. */
export const discounts = z
  .array(discount)
  .max(LIMITS.maxLinesPerOrder + 1)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((d, i) => {
      const target = d.line === undefined ? 'order' : `line ${d.line}`;
      if (seen.has(target)) ctx.addIssue({ code: 'custom', path: [i], message: `a second discount on the ${target}` });
      seen.add(target);
      if (d.type === 'percent' && d.value > 10_000)
        ctx.addIssue({ code: 'custom', path: [i, 'value'], message: 'a percentage is at most 10000 basis points (100 %)' });
    });
  });
