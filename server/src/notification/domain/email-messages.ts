/** The texts of the emails the notification service sends, and the key each one's Message-ID is made of. */
import { formatMoney } from '@pos/shared/money';

/** A mail before its Message-ID: `messageKey` is unique to what it is about and the same every time. */
export interface MailContent {
  to: string;
  subject: string;
  text: string;
  messageKey: string;
}

export interface ReceiptFacts {
  orderId: string;
  terminalId: string;
  seq: number;
  total: number;
  /** The order's currency; null for an order whose events did not carry it (amounts shown bare). */
  currency: string | null;
  lines: { name: string; quantity: number; unitPrice: number }[];
}

export function receiptMail(to: string, r: ReceiptFacts): MailContent {
  const money = (minor: number) => formatMoney(minor, r.currency ?? undefined);
  const lines = r.lines.map((l) => `${l.quantity} × ${l.name}  ${money(l.quantity * l.unitPrice)}`);
  return {
    to,
    subject: `Your receipt (${r.terminalId} #${r.seq})`,
    text: ['Thank you for your purchase.', '', ...lines, '', `Total ${money(r.total)}`, '', `Order ${r.orderId}`].join('\n'),
    messageKey: `receipt.${r.orderId}`,
  };
}

export function lowStockMail(
  to: string,
  a: { eventId: string; productId: string; name: string | null; available: number; threshold: number },
): MailContent {
  const what = a.name ?? a.productId;
  return {
    to,
    subject: `Low stock: ${what} (${a.available} left)`,
    text: `${what} (${a.productId}) is down to ${a.available} available, at or below its threshold of ${a.threshold}.`,
    messageKey: `low-stock.${a.eventId.replace(/[^A-Za-z0-9.-]/g, '.')}`,
  };
}
