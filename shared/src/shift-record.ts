/**
 * The drawer's records as they travel from the till to POS Core (DESIGN §7: records of the one outbox,
 * each with its till-made id — also its Idempotency-Key — and the next number of the till's one
 * sequence). A shift is the till's records with seq in (shift-open.seq, shift-close.lastSeq]; the close
 * names its own seq as `lastSeq`, so the range ends with it. Strict: unknown fields are refused.
 *
 * Facts, not requests (DESIGN §7): a drawer opened, cash put in or taken out, the drawer opened without a
 * sale ("No sale"), a drawer counted — each
 * already happened at the till, so POS Core records it whatever it says; nothing here is refused for
 * its business content, only for being malformed.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { currency, orderId, terminalId } from './order.ts';
import { zTotals } from './z-totals.ts';

const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** Cash in a drawer: at most 100 000 000.00 in minor units. */
const cash = z
  .number()
  .int()
  .min(0)
  .max(LIMITS.maxUnitPrice * LIMITS.maxQuantity);
/** Who did it (the signed-in staff member; DESIGN §7 "Who did it"), when the till knows. */
const staffRef = z.string().min(1).max(LIMITS.maxIdLength);

const recordBase = {
  id: orderId,
  terminalId,
  seq,
  createdAt: z.iso.datetime({ offset: true }),
  lamport: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  staffId: staffRef.optional(),
};

/** A shift (drawer session) opened with a counted float. Its `id` is the shift's id. */
export const shiftOpen = z.strictObject({
  kind: z.literal('shift-open'),
  ...recordBase,
  currency,
  float: cash,
});
export type ShiftOpen = z.infer<typeof shiftOpen>;

/** Cash put into (`in`) or taken out of (`out`) the drawer without a sale, with the reason given. */
export const cashMovement = z.strictObject({
  kind: z.literal('cash-movement'),
  ...recordBase,
  shiftId: orderId,
  direction: z.enum(['in', 'out']),
  amount: cash.min(1),
  reason: z.string().trim().min(1).max(LIMITS.maxNameLength),
  approvedBy: staffRef.optional(),
});
export type CashMovement = z.infer<typeof cashMovement>;

/**
 * The cash drawer opened without a sale ("No sale"): every opening is on record, whoever may do it alone
 * (DESIGN §7), with who did it and, when the staff policy asked for an override, who approved. Added in
 * protocol 1.2.
 */
export const noSale = z.strictObject({
  kind: z.literal('no-sale'),
  ...recordBase,
  shiftId: orderId,
  approvedBy: staffRef.optional(),
});
export type NoSale = z.infer<typeof noSale>;

/** One line of a blind count: how many notes or coins of one value (minor units) were in the drawer. */
export const denominationCount = z.strictObject({
  value: z.number().int().min(1).max(10_000_000),
  quantity: z.number().int().min(0).max(1_000_000),
});
export type DenominationCount = z.infer<typeof denominationCount>;

export const drawerCount = z
  .strictObject({
    denominations: z.array(denominationCount).max(50),
    /** Σ value × quantity (checked). */
    total: cash,
  })
  .refine((c) => c.total === countedTotal(c.denominations), { path: ['total'], message: 'must be the sum of value × quantity' });
export type DrawerCount = z.infer<typeof drawerCount>;

/**
 * A shift closed with a blind count. `lastSeq` is the last sequence number of the shift: this record's
 * own. `zNumber` numbers the till's Z reports 1, 2, 3…; `tillTotals` is the Z the till computed from
 * its own records at close (compared to the server's to the cent).
 */
export const shiftClose = z
  .strictObject({
    kind: z.literal('shift-close'),
    ...recordBase,
    shiftId: orderId,
    lastSeq: seq,
    zNumber: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    count: drawerCount,
    tillTotals: zTotals,
    approvedBy: staffRef.optional(),
  })
  .refine((c) => c.lastSeq === c.seq, { path: ['lastSeq'], message: 'must be the closing record’s own seq' });
export type ShiftClose = z.infer<typeof shiftClose>;

export const shiftRecord = z.discriminatedUnion('kind', [shiftOpen, cashMovement, noSale, shiftClose]);
export type ShiftRecord = z.infer<typeof shiftRecord>;
export type ShiftRecordKind = ShiftRecord['kind'];

export function countedTotal(denominations: readonly DenominationCount[]): number {
  return denominations.reduce((sum, d) => sum + d.value * d.quantity, 0);
}
