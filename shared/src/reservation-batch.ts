/**
 * Inventory's batch settlement (internal contract, POS Core's service credential only):
 * `POST /v1/reservations/batch` reserves AND commits many orders' stock in ONE transaction — the
 * path of cash sales, which need no payment step between the hold and the sale.
 *
 * Per order, exactly what `reserve` followed by `commit` would leave, applied at most once:
 *   no reservation yet      → committed (stock leaves now), or rejected (strict and short: nothing held)
 *   held / expired          → committed
 *   committed               → committed, nothing changes
 *   released / rejected     → answered as is, nothing changes
 * Each result carries the order's lines with the catalogue price and tax rate of each product as
 * they stood when the order's stock was first reserved (reservation.ts, reservationLine).
 * The reservation's PRIMARY KEY (one per order), its status and the UNIQUE sale movement per order
 * line make a repeated or overlapping batch harmless; the request's own Idempotency-Key
 * (`settle:<uuid>`, one per attempt of the caller) answers a retry of a lost response from storage.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { orderId, productId } from './order.ts';
import { reservationLine, reservationMode, reservationStatus, reserveRequest } from './reservation.ts';

export const settleBatchRequest = z.strictObject({
  orders: z
    .array(reserveRequest.omit({ ttlSeconds: true }))
    .min(1)
    .max(LIMITS.maxOrdersPerBatch),
});
export type SettleBatchRequest = z.infer<typeof settleBatchRequest>;

export const settledReservation = z.object({
  orderId,
  status: reservationStatus,
  mode: reservationMode,
  /** The order's reserved lines with their catalogue prices (reservationLine); none for a release tombstone. */
  lines: z.array(reservationLine),
  /** For a rejected strict reservation: what was short. */
  shortages: z.array(z.object({ productId, requested: z.number().int(), available: z.number().int() })),
});
export type SettledReservation = z.infer<typeof settledReservation>;

export const settleBatchAnswer = z.object({ results: z.array(settledReservation) });
export type SettleBatchAnswer = z.infer<typeof settleBatchAnswer>;
