/**
 * THE receipt: one definition of what a customer's receipt says, built from a sale the till recorded.
 * Every rendering (printable HTML, ESC/POS bytes for a thermal printer) lays out exactly this model and
 * adds nothing of its own, so a printed and a displayed receipt cannot disagree. It states the sale's
 * real status (G4), and carries the order's id as its scannable order number (a QR code in both
 * renderings): scanning it finds the order again (a refund, a lookup).
 */
import { formatMoney } from '@pos/shared/money';
import type { Tender } from '@pos/shared/order';
import { orderTotals } from '@pos/shared/pricing/order-totals';
import type { RefundRecord, SaleRecord, SaleStatus } from '../outbox/outbox-record.ts';

export interface ReceiptLine {
  name: string;
  /** "2 × €3.50" */
  detail: string;
  /** The line's amount, formatted. */
  amount: string;
}

export interface Receipt {
  /** A reprint: every rendering marks it as a COPY. */
  copy: boolean;
  /** "Till demo-till-1 · sale #12" */
  heading: string;
  /** When the sale was made, as the till's clock and locale show it. */
  madeAt: string;
  lines: ReceiptLine[];
  /** The discounts the sale was given, "−€1.20"; null without any. */
  discount: string | null;
  total: string;
  /** "incl. tax €0.67" or "tax added €0.67" (the store's pricing rules the sale was made with). */
  taxNote: string;
  /** The cash rounding the cash tender was rounded by, "−€0.02"; null without any. */
  cashRounding: string | null;
  /** One sentence per tender: "Cash €10.00 — change €6.50", "Card €3.50"; several cards each by its part: "Card 1 €2.00", "Card 2 €1.50". */
  tenders: string[];
  /** What was refunded of the sale, one sentence per refund: "Refunded €3.50 (cash): Mug × 1". */
  refunds: string[];
  /** The scannable order number: the order's id (what the QR code encodes). */
  orderNumber: string;
  status: SaleStatus;
}

export interface ReceiptOptions {
  /** True for every print after the first. */
  copy: boolean;
  /** Formats the sale's time (defaults to the runtime's locale). */
  formatTime?: (iso: string) => string;
  /** The till's refunds of the sale: a reprint lists what was refunded (refused ones left out). */
  refunds?: readonly RefundRecord[];
}

const defaultTime = (iso: string): string => new Date(iso).toLocaleString();

/** The tenders' sentences; when a sale was paid by several cards, each card says which part it was. */
function tenderLines(tenders: readonly Tender[], money: (minor: number) => string): string[] {
  const several = tenders.filter((t) => t.type === 'card').length > 1;
  let part = 0;
  return tenders.map((t) => {
    if (t.type === 'cash') return `Cash ${money(t.received)} — change ${money(t.received - t.amount)}`;
    part += 1;
    return several ? `Card ${part} ${money(t.amount)}` : `Card ${money(t.amount)}`;
  });
}

export function buildReceipt(sale: SaleRecord, options: ReceiptOptions): Receipt {
  const { order } = sale;
  const money = (minor: number) => formatMoney(minor, order.currency);
  const amounts = orderTotals(order);
  return {
    copy: options.copy,
    heading: `Till ${order.terminalId} · sale #${order.seq}`,
    madeAt: (options.formatTime ?? defaultTime)(order.createdAt),
    lines: order.lines.map((line, i) => ({
      name: sale.lineNames[i] ?? line.productId,
      detail: `${line.quantity} × ${money(line.unitPrice)}`,
      amount: money(line.quantity * line.unitPrice),
    })),
    discount: amounts.discount > 0 ? `−${money(amounts.discount)}` : null,
    total: money(order.total),
    taxNote: `${order.pricing?.pricesIncludeTax === false ? 'tax added' : 'incl. tax'} ${money(amounts.tax)}`,
    cashRounding: amounts.cashRounding !== 0 ? money(amounts.cashRounding) : null,
    tenders: tenderLines(order.tenders, money),
    refunds: (options.refunds ?? [])
      .filter((r) => r.status !== 'declined' && r.status !== 'needs_attention')
      .map(
        (r) =>
          `Refunded ${money(r.refund.amount)} (${r.refund.tender}): ${r.refund.lines
            .map((l, i) => `${r.lineNames[i] ?? `line ${l.lineNo}`} × ${l.quantity}`)
            .join(', ')}`,
      ),
    orderNumber: order.id,
    status: sale.status,
  };
}
