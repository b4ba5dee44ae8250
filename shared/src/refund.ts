/**
 * Refunds as they travel between the till and POS Core (DESIGN §4, §7). Strict: unknown fields are refused.
 *
 * A refund is one record of the till's outbox: its own id (uuid v7, the Idempotency-Key of
 * `POST /v1/refunds`) and the till's ONE per-till sequence number. It names the original order and,
 * per line, how many units come back and whether they go back to stock (else they are written off).
 *
 *   tender 'cash': paid from the drawer — a fact once the till did it (offline too: DESIGN §7)
 *   tender 'card': back to the original card through POS Core's saga — a request (online only, CP)
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { captureMode, orderId, orderView, terminalId } from './order.ts';

export const refundId = orderId;

/** Who did it (DESIGN §7): the signed-in staff member's id and, for an override, the approver's. */
export const staffRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_", ":" or "-"');

export const refundTender = z.enum(['cash', 'card']);
export type RefundTender = z.infer<typeof refundTender>;

export const refundLineRequest = z.strictObject({
  lineNo: z.number().int().min(1).max(LIMITS.maxLinesPerOrder),
  quantity: z.number().int().min(1).max(LIMITS.maxQuantity),
  /** true: the goods go back to stock (one Inventory movement per refund line); false: written off. */
  restock: z.boolean(),
});
export type RefundLineRequest = z.infer<typeof refundLineRequest>;

export const refundSubmission = z
  .strictObject({
    id: refundId,
    terminalId,
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    createdAt: z.iso.datetime({ offset: true }),
    lamport: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    orderId,
    /** offline: paid out while the till could not reach POS Core (cash only). */
    captureMode,
    reason: z.string().trim().min(1).max(LIMITS.maxNameLength),
    lines: z.array(refundLineRequest).min(1).max(LIMITS.maxLinesPerOrder),
    tender: refundTender,
    /** What the till paid out / asks to pay back, in minor units: refundAmount() of the lines. */
    amount: z
      .number()
      .int()
      .min(0)
      .max(LIMITS.maxUnitPrice * LIMITS.maxQuantity * LIMITS.maxLinesPerOrder),
    staffId: staffRef.optional(),
    approvedBy: staffRef.optional(),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<number>();
    r.lines.forEach((l, i) => {
      if (seen.has(l.lineNo)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'lineNo'], message: 'each line may appear once' });
      seen.add(l.lineNo);
    });
    if (r.captureMode === 'offline' && r.tender === 'card')
      ctx.addIssue({ code: 'custom', path: ['tender'], message: 'a card refund needs the network: offline refunds are cash only' });
  });
export type RefundSubmission = z.infer<typeof refundSubmission>;

/**
 * pending: the card refund (or the refund's first step) is not done yet; completed: the money went back;
 * failed: Payment refused the card refund (nothing was paid back; its quantities are refundable again);
 * refused: POS Core refused the online refund request for a business reason (more than remains refundable,
 * a sale that cannot be refunded): recorded — so its seq is on record like every record of the till's
 * sequence — with the reason in `statusReason`, and nothing else happened (no money, no stock, its
 * quantities never counted). Protocol 1.2 added `refused` (additive).
 */
export const refundStatus = z.enum(['pending', 'completed', 'failed', 'refused']);
export type RefundStatus = z.infer<typeof refundStatus>;

/**
 * Whether a refund of this status counts against its sale and in the money refunded (refund-amounts,
 * Z totals): pending and completed do; failed and refused gave nothing back. (SQL: `status IN ('pending', 'completed')`.)
 */
export const refundCounts = (status: RefundStatus): boolean => status === 'pending' || status === 'completed';

export const refundLineView = z.object({
  lineNo: z.number().int(),
  productId: z.string(),
  quantity: z.number().int(),
  restock: z.boolean(),
  amount: z.number().int(),
});

/** The refund as POS Core answers it. */
export const refundView = z.object({
  id: refundId,
  orderId,
  terminalId,
  seq: z.number().int(),
  status: refundStatus,
  /** Why it failed or was refused, or what it waits for. */
  statusReason: z.string().nullable(),
  reason: z.string(),
  captureMode,
  tender: refundTender,
  amount: z.number().int(),
  currency: z.string(),
  lines: z.array(refundLineView),
  /**
   * An offline cash refund that exceeded what remained refundable when it arrived: recorded (the cash
   * left the drawer) and shown to the manager, never refused (DESIGN §7).
   */
  discrepancy: z.string().nullable(),
  createdAt: z.string(),
  receivedAt: z.string(),
  staffId: z.string().nullable(),
  approvedBy: z.string().nullable(),
});
export type RefundView = z.infer<typeof refundView>;

/** POS Core's answer to submitting or reading one refund. */
export const refundAnswer = z.object({ refund: refundView });

/** What remains refundable of one order line. */
export const refundableLine = z.object({ lineNo: z.number().int(), quantity: z.number().int(), amount: z.number().int() });
export type RefundableLine = z.infer<typeof refundableLine>;

/** `GET /v1/orders/:id` adds these to the order: its refunds and what remains refundable per line. */
export const orderRefunds = z.object({
  refunds: z.array(refundView),
  refundable: z.array(refundableLine),
});
export type OrderRefunds = z.infer<typeof orderRefunds>;

/**
 * Inventory's `POST /v1/restocks` (POS Core's service credential only; `Idempotency-Key: <refundId>:restock`):
 * a refund's restocked lines go back on hand, one stock movement per refund line (UNIQUE per refund line).
 */
export const restockRequest = z.strictObject({
  refundId,
  orderId,
  lines: z
    .array(
      z.strictObject({
        lineNo: z.number().int().min(1).max(LIMITS.maxLinesPerOrder),
        productId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
        quantity: z.number().int().min(1).max(LIMITS.maxQuantity),
      }),
    )
    .min(1)
    .max(LIMITS.maxLinesPerOrder),
});
export type RestockRequest = z.infer<typeof restockRequest>;

/** Inventory's answer: each line's movement (`onHandAfter` null: the product is unknown, nothing to restock). */
export const restockAnswer = z.object({
  lines: z.array(z.object({ lineNo: z.number().int(), productId: z.string(), onHandAfter: z.number().int().nullable() })),
});
export type RestockAnswer = z.infer<typeof restockAnswer>;

/**
 * `GET /v1/orders/:id/refunds` (any till of the store, the manager): the order view with its refunds and what
 * remains refundable per line. (`GET /v1/orders/:id` stays the order alone: it is what every order answer is.)
 */
export const orderRefundsAnswer = z.object({ order: orderView }).extend(orderRefunds.shape);
export type OrderRefundsAnswer = z.infer<typeof orderRefundsAnswer>;
