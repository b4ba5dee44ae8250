/** The texts of the emails the notification service sends. */
import { formatMoney } from '@pos/shared/money';
import type { OutgoingMail } from './mailer.ts';

export interface ReceiptFacts {
  orderId: string;
  terminalId: string;
  seq: number;
  total: number;
  lines: { name: string; quantity: number; unitPrice: number }[];
}

export function receiptMail(to: string, r: ReceiptFacts): OutgoingMail {
  const lines = r.lines.map((l) => `${l.quantity} × ${l.name}  ${formatMoney(l.quantity * l.unitPrice)}`);
  return {
    to,
    subject: `Your receipt (${r.terminalId} #${r.seq})`,
    text: ['Thank you for your purchase.', '', ...lines, '', `Total ${formatMoney(r.total)}`, '', `Order ${r.orderId}`].join('\n'),
    messageKey: `receipt.${r.orderId}`,
  };
}

export function lowStockMail(
  to: string,
  a: { eventId: string; productId: string; name: string | null; available: number; threshold: number },
): OutgoingMail {
  const what = a.name ?? a.productId;
  return {
    to,
    subject: `Low stock: ${what} (${a.available} left)`,
    text: `${what} (${a.productId}) is down to ${a.available} available, at or below its threshold of ${a.threshold}.`,
    messageKey: `low-stock.${a.eventId.replace(/[^A-Za-z0-9.-]/g, '.')}`,
  };
}
