/**
 * A receipt as ESC/POS commands for a thermal printer, through the maintained encoder
 * (@point-of-sale/receipt-printer-encoder; runs in the window and in Node). Lays out the same model as
 * the HTML; the order number is the printer's own QR code (GS ( k), so it scans like the HTML one.
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { Receipt } from './receipt.ts';

export interface EscPosOptions {
  /** Characters per line: 42 on 80 mm paper (font A), 32 on 58 mm. */
  columns?: number;
}

export function receiptEscPos(receipt: Receipt, options: EscPosOptions = {}): Uint8Array {
  const columns = options.columns ?? 42;
  const amountWidth = Math.min(14, Math.max(...receipt.lines.map((l) => l.amount.length), receipt.total.length));
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns, printerModel: 'epson-tm-t88vi' });
  // One code page for the whole receipt: cp858 (Western European, with € and ×) on every Epson-compatible
  // printer. 'auto' would pick per string and costs ~20 ms a line in the encoder (half a second a receipt);
  // a character cp858 lacks prints as "?".
  encoder.initialize().codepage('cp858');
  if (receipt.copy) encoder.align('center').bold(true).size(2, 2).line('COPY').size(1, 1).bold(false);
  encoder.align('center').bold(true).line('Receipt').bold(false).line(receipt.heading).line(receipt.madeAt).align('left').rule();
  encoder.table(
    [
      { width: columns - amountWidth - 1, align: 'left' },
      { width: amountWidth, align: 'right', marginLeft: 1 },
    ],
    receipt.lines.flatMap((l) => [
      [l.name, l.amount],
      [`  ${l.detail}`, ''],
    ]),
  );
  encoder.rule();
  encoder.table(
    [
      { width: columns - amountWidth - 1, align: 'left' },
      { width: amountWidth, align: 'right', marginLeft: 1 },
    ],
    [
      ...(receipt.discount ? [['Discount', receipt.discount]] : []),
      [(e: ReceiptPrinterEncoder) => e.bold(true).text('Total').bold(false), receipt.total],
    ],
  );
  encoder.line(receipt.taxNote);
  if (receipt.cashRounding) encoder.line(`Cash rounding ${receipt.cashRounding}`);
  for (const tender of receipt.tenders) encoder.line(tender);
  for (const refund of receipt.refunds) encoder.line(refund);
  encoder.line(`Status: ${receipt.status}`).newline();
  encoder.align('center').qrcode(receipt.orderNumber, { model: 2, size: 6, errorlevel: 'm' }).line(`Order ${receipt.orderNumber}`);
  return encoder.align('left').cut('partial').encode();
}
