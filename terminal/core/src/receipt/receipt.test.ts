import { afterEach, describe, expect, test } from 'vitest';
import { TillDatabase } from '../db/till-database.ts';
import type { SaleRecord } from '../outbox/outbox-record.ts';
import { escPosText } from '../testing/escpos-text.ts';
import { recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { scannedOrderId } from './order-number.ts';
import { printSaleReceipt } from './print-sale-receipt.ts';
import { buildReceipt } from './receipt.ts';
import { receiptEscPos } from './receipt-escpos.ts';
import { receiptHtml } from './receipt-html.ts';

const fixedTime = () => '30/11/2026, 09:15:00';
const twoLineCart = {
  lines: [
    { productId: 'p-1', name: 'Espresso', unitPrice: 250, taxRateBps: 1000, quantity: 2 },
    { productId: 'p-2', name: 'Croissant', unitPrice: 180, taxRateBps: 1000, quantity: 1 },
  ],
};

const databases: TillDatabase[] = [];
async function saleOnNewTill(): Promise<{ db: TillDatabase; sale: SaleRecord }> {
  const terminalId = uniqueTerminalId('receipt');
  const db = new TillDatabase(terminalId);
  databases.push(db);
  return { db, sale: await recordCash(db, terminalId, twoLineCart) };
}
afterEach(async () => {
  for (const db of databases.splice(0)) await db.delete();
});

describe('the receipt of a recorded cash sale', () => {
  test('then it lists each line, the total with its tax, the cash and change, the status and the order number', async () => {
    const { sale } = await saleOnNewTill();
    const receipt = buildReceipt(sale, { copy: false, formatTime: fixedTime });
    expect(receipt.lines).toEqual([
      { name: 'Espresso', detail: '2 × €2.50', amount: '€5.00' },
      { name: 'Croissant', detail: '1 × €1.80', amount: '€1.80' },
    ]);
    expect(receipt.total).toBe('€6.80');
    expect(receipt.taxNote).toBe('incl. tax €0.61');
    expect(receipt.tenders).toEqual(['Cash €7.30 — change €0.50']);
    expect(receipt.status).toBe('queued');
    expect(receipt.orderNumber).toBe(sale.id);
    expect(receipt.heading).toBe(`Till ${sale.order.terminalId} · sale #2`);
    expect(receipt.copy).toBe(false);
  });

  test('when the sale was paid by two card parts and cash, then each card part is listed by its number', async () => {
    const { sale } = await saleOnNewTill();
    const tenders = [
      { type: 'card' as const, amount: 300, cardToken: 'tok_visa' },
      { type: 'card' as const, amount: 200, cardToken: 'tok_visa' },
      { type: 'cash' as const, amount: 180, received: 200 },
    ];
    const receipt = buildReceipt({ ...sale, order: { ...sale.order, tenders } }, { copy: false, formatTime: fixedTime });
    expect(receipt.tenders).toEqual(['Card 1 €3.00', 'Card 2 €2.00', 'Cash €2.00 — change €0.20']);
    const single = buildReceipt({ ...sale, order: { ...sale.order, tenders: [tenders[0]!] } }, { copy: false, formatTime: fixedTime });
    expect(single.tenders).toEqual(['Card €3.00']);
  });

  test('when rendered as ESC/POS, then the printed text has the same lines and the QR code holds the order number', async () => {
    const { sale } = await saleOnNewTill();
    const printed = escPosText(receiptEscPos(buildReceipt(sale, { copy: false, formatTime: fixedTime })));
    const text = printed.lines.map((l) => l.trim());
    expect(text).toContain('Receipt');
    expect(text).toContain(`Till ${sale.order.terminalId} ? sale #2`);
    expect(printed.lines.some((l) => /^Espresso +\?5\.00$/.test(l))).toBe(true);
    expect(text).toContain('2 ? ?2.50');
    expect(printed.lines.some((l) => /^Croissant +\?1\.80$/.test(l))).toBe(true);
    expect(printed.lines.some((l) => /^Total +\?6\.80$/.test(l))).toBe(true);
    expect(text).toContain('Status: queued');
    expect(text).toContain(`Order ${sale.id}`);
    expect(text).not.toContain('COPY');
    expect(printed.qrCodes).toEqual([sale.id]);
    expect(printed.cuts).toBe(1);
    // Every line fits the 42 columns of 80 mm paper.
    expect(Math.max(...printed.lines.map((l) => l.length))).toBeLessThanOrEqual(42);
  });

  test('when a reprint is rendered, then both renderings say COPY', async () => {
    const { sale } = await saleOnNewTill();
    const receipt = buildReceipt(sale, { copy: true, formatTime: fixedTime });
    expect(escPosText(receiptEscPos(receipt)).lines.map((l) => l.trim())).toContain('COPY');
    expect(receiptHtml(receipt)).toContain('>COPY</p>');
    expect(receiptHtml({ ...receipt, copy: false })).not.toContain('COPY');
  });

  test('when rendered as HTML, then names are escaped and the order number is an inline SVG QR code', async () => {
    const { sale } = await saleOnNewTill();
    const receipt = buildReceipt({ ...sale, lineNames: ['<b>Espresso</b>', 'Croissant'] }, { copy: false, formatTime: fixedTime });
    const html = receiptHtml(receipt);
    expect(html).toContain('&lt;b&gt;Espresso&lt;/b&gt;');
    expect(html).not.toContain('<b>Espresso');
    expect(html).toMatch(/<div data-receipt="order-number"[^>]*><svg [^>]*viewBox/);
    expect(html).toContain(`Order ${sale.id}`);
    expect(html).toContain('Total €6.80');
  });
});

describe('printSaleReceipt', () => {
  function recordingBridge(answers: boolean[]) {
    const jobs: Array<{ kind: 'html'; html: string } | { kind: 'escpos'; bytes: Uint8Array }> = [];
    return {
      jobs,
      bridge: {
        printReceipt: async (html: string) => {
          jobs.push({ kind: 'html', html });
          return answers.shift() ?? true;
        },
        printEscPos: async (bytes: Uint8Array) => {
          jobs.push({ kind: 'escpos', bytes });
          return answers.shift() ?? true;
        },
      },
    };
  }

  test('when a network printer is set, then ESC/POS goes to it; the first print is the original and reprints are copies', async () => {
    const { db, sale } = await saleOnNewTill();
    const { jobs, bridge } = recordingBridge([true, true]);
    const till = { db, bridge, config: { printer: { kind: 'network' as const, host: '127.0.0.1', port: 9100 } } };
    expect(await printSaleReceipt(till, sale)).toBe(true);
    expect(await printSaleReceipt(till, sale)).toBe(true);
    const printed = jobs.map((job) => (job.kind === 'escpos' ? escPosText(job.bytes).lines.map((l) => l.trim()) : []));
    expect(printed[0]).not.toContain('COPY');
    expect(printed[1]).toContain('COPY');
  });

  test('when printing failed, then the next print is still the original; the system printer gets HTML', async () => {
    const { db, sale } = await saleOnNewTill();
    const { jobs, bridge } = recordingBridge([false, true, true]);
    const till = { db, bridge, config: {} };
    expect(await printSaleReceipt(till, sale)).toBe(false);
    expect(await printSaleReceipt(till, sale)).toBe(true);
    expect(await printSaleReceipt(till, sale)).toBe(true);
    expect(jobs.map((j) => j.kind)).toEqual(['html', 'html', 'html']);
    const copies = jobs.map((j) => j.kind === 'html' && j.html.includes('>COPY</p>'));
    expect(copies).toEqual([false, false, true]);
  });

  test('when a sale may have no receipt, then nothing is printed', async () => {
    const { db, sale } = await saleOnNewTill();
    const { jobs, bridge } = recordingBridge([]);
    await expect(printSaleReceipt({ db, bridge, config: {} }, { ...sale, kind: 'card', status: 'declined' })).rejects.toThrow(/no receipt/);
    expect(jobs).toEqual([]);
  });
});

describe('scannedOrderId', () => {
  test('a receipt order number (any case) is an order id; a product barcode is not', async () => {
    const { sale } = await saleOnNewTill();
    expect(scannedOrderId(sale.id)).toBe(sale.id);
    expect(scannedOrderId(` ${sale.id.toUpperCase()}`)).toBe(sale.id);
    expect(scannedOrderId('2001000000012')).toBeNull();
  });
});
