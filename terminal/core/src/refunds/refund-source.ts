/**
 * What a refund starts from: the original sale's lines and what remains refundable of each.
 *
 *   POS Core reachable ─▶ GET /v1/orders/:id/refunds: the store's truth (a sale of any till, the refunds
 *                         of every till), the remainder computed by the server with refund-amounts.ts
 *   offline            ─▶ the sale as this till recorded it, minus this till's own refunds of it (same
 *                         shared computation); a sale of another till cannot be refunded offline
 */
import type { OrderView } from '@pos/shared/order';
import { type Remainder, refundableRemainder, type SoldLine, soldLinesOf } from '@pos/shared/refund-amounts';
import { toApiError } from '../api/api-error.ts';
import type { PosCoreClient } from '../api/pos-core-client.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { isSale } from '../outbox/outbox-record.ts';
import { getSale } from '../outbox/read-sales.ts';
import { refundsOfOrder } from '../outbox/record-refund.ts';
import { refundRecordCounts } from '../outbox/refund-progress.ts';

export interface RefundSourceLine {
  lineNo: number;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
  /** The recorded line total (what the line was paid). */
  total: number;
}

export interface RefundSource {
  orderId: string;
  terminalId: string;
  seq: number;
  currency: string;
  lines: RefundSourceLine[];
  refundable: Remainder[];
  /** Whether the sale was (partly) paid by card: only then can money go back to a card. */
  paidByCard: boolean;
  /** Where the remainder comes from: POS Core's (every till's refunds) or this till's own records (offline). */
  origin: 'server' | 'local';
  /** Whether the order is confirmed at POS Core (online refunds need it). */
  confirmed: boolean;
}

export class RefundSourceUnavailable extends Error {
  override name = 'RefundSourceUnavailable';
}

const sourceOf = (
  order: Pick<OrderView, 'id' | 'terminalId' | 'seq' | 'currency' | 'tenders'> & {
    lines: readonly Pick<OrderView['lines'][number], 'lineNo' | 'productId' | 'quantity' | 'unitPrice'>[];
  },
  sold: readonly SoldLine[],
  names: readonly string[],
  refundable: Remainder[],
  origin: RefundSource['origin'],
  confirmed: boolean,
): RefundSource => ({
  orderId: order.id,
  terminalId: order.terminalId,
  seq: order.seq,
  currency: order.currency,
  lines: order.lines.map((l, i) => ({
    lineNo: l.lineNo,
    productId: l.productId,
    name: names[i] ?? l.productId,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    total: sold[i]?.total ?? 0,
  })),
  refundable,
  paidByCard: order.tenders.some((t) => t.type === 'card' && t.amount > 0),
  origin,
  confirmed,
});

/** The sale `orderId` as a refund sees it; throws RefundSourceUnavailable (with the cashier's sentence) when it cannot be found. */
export async function loadRefundSource(
  db: TillDatabase,
  posCore: PosCoreClient,
  online: boolean,
  orderId: string,
  names: (productId: string) => Promise<string | undefined>,
): Promise<RefundSource> {
  const local = await getSale(db, orderId);
  const localSale = local && isSale(local) ? local : undefined;
  if (online) {
    try {
      const answer = await posCore.getOrderRefunds(orderId);
      const lineNames = await Promise.all(
        answer.order.lines.map(async (l, i) => localSale?.lineNames[i] ?? (await names(l.productId)) ?? l.productId),
      );
      return sourceOf(answer.order, soldLinesOf(answer.order), lineNames, answer.refundable, 'server', answer.order.status === 'confirmed');
    } catch (error) {
      const failure = toApiError(error).failure;
      if (failure.kind === 'permanent' && failure.status === 404 && !localSale) {
        throw new RefundSourceUnavailable(`No sale ${orderId} in this store.`);
      }
      if (failure.kind !== 'network' && failure.kind !== 'retryable' && !localSale) throw new RefundSourceUnavailable(failure.kind);
      // Unreachable after all (or the sale has not reached POS Core yet): fall back to this till's own record.
    }
  }
  if (!localSale) throw new RefundSourceUnavailable('This sale was not made on this till; refunding it needs the network.');
  const own = (await refundsOfOrder(db, orderId)).filter((r) => refundRecordCounts(r.status)).map((r) => r.refund.lines);
  const sold = soldLinesOf(localSale.order);
  return sourceOf(
    { ...localSale.order, lines: localSale.order.lines.map((l, i) => ({ ...l, lineNo: i + 1 })) },
    sold,
    localSale.lineNames,
    refundableRemainder(sold, own),
    'local',
    localSale.status === 'confirmed',
  );
}
