/**
 * How a card refund gives money back to a sale paid by several card parts: last part first, each part
 * up to what it was charged less what the order's earlier card refunds took from it — never more than a
 * part holds. (Payment refuses more anyway: a part's refunds never exceed its capture.)
 *
 * The split is a function of facts fixed when the refund was recorded: the parts' amounts (each part is
 * captured for exactly its amount) and the total of the card refunds recorded before this one (they take
 * their money from the parts in the same order; an order's refunds are recorded one at a time under its
 * lock, and listed in that order: record-refund.ts). So a re-run of the refund step after a crash computes
 * the same split, and each part's call replays under its fixed key (`<refundId>:refund[:<part>]`). (The one
 * fact that may still change is an earlier refund failing — Payment refusing it — which then gives its slice
 * back; with the split keeping every part within what it holds, Payment has no reason to refuse one.)
 * A single-card sale's split is its one part: the refund's call is exactly what it always was.
 */
import type { Queryable } from '../../../common/db.ts';
import { type CardPart, loadCardParts } from '../saga/saga-order.ts';
import { cardRefunded } from './order-refunds.ts';
import { loadOrderRefundViews } from './refund-view.ts';

export interface PartRefund {
  part: number;
  amount: number;
}

/**
 * `amount` taken from `parts` last part first, after `earlier` was taken the same way. Throws when the
 * parts do not hold that much (the recording refused such a refund: record-refund.ts).
 */
export function splitCardRefund(parts: readonly Pick<CardPart, 'part' | 'amount'>[], earlier: number, amount: number): PartRefund[] {
  const split: PartRefund[] = [];
  let skip = earlier;
  let left = amount;
  for (const { part, amount: held } of [...parts].sort((a, b) => b.part - a.part)) {
    const free = Math.max(0, held - skip);
    skip = Math.max(0, skip - held);
    const take = Math.min(free, left);
    if (take > 0) split.push({ part, amount: take });
    left -= take;
    if (left === 0) return split;
  }
  throw new Error(
    `a card refund of ${amount} after ${earlier} already refunded exceeds the card parts (${parts.map((p) => p.amount).join(' + ')})`,
  );
}

/** The split of refund `refundId` of order `orderId` (see the top comment). */
export async function planCardRefund(
  db: Queryable,
  tenantId: string,
  refund: { id: string; orderId: string; amount: number },
): Promise<PartRefund[]> {
  const [parts, refunds] = await Promise.all([
    loadCardParts(db, tenantId, refund.orderId),
    loadOrderRefundViews(db, tenantId, refund.orderId),
  ]);
  const mine = refunds.findIndex((r) => r.id === refund.id);
  // Refunds recorded before this one (oldest first, one at a time under the order's lock) that gave card money back or still may.
  const earlier = cardRefunded(refunds.slice(0, mine < 0 ? refunds.length : mine));
  return splitCardRefund(parts, earlier, refund.amount);
}
