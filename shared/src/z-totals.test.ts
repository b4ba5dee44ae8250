import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeZTotals,
  saleCountsInShift,
  type ZInput,
  type ZMovement,
  type ZRefund,
  type ZSale,
  zTotals,
  zTotalsDifferences,
} from './z-totals.ts';

const line = fc.record({
  quantity: fc.integer({ min: 1, max: 20 }),
  unitPrice: fc.integer({ min: 0, max: 50_000 }),
  taxRateBps: fc.constantFrom(0, 700, 1300, 2000, 2300),
});

/** A sale whose tenders pay exactly its total: cash (with change) and/or card. */
const sale: fc.Arbitrary<ZSale> = fc
  .record({
    lines: fc.array(line, { minLength: 1, maxLength: 5 }),
    split: fc.double({ min: 0, max: 1, noNaN: true }),
    extra: fc.nat(5_000),
  })
  .map(({ lines, split, extra }) => {
    const total = lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
    const cash = Math.floor(total * split);
    const tenders: ZSale['tenders'][number][] = [];
    if (cash > 0 || total === 0) tenders.push({ type: 'cash', amount: cash, received: cash + extra });
    if (total - cash > 0) tenders.push({ type: 'card', amount: total - cash });
    return { lines, tenders, total };
  });
const refund: fc.Arbitrary<ZRefund> = fc.record({
  tenders: fc.array(fc.record({ type: fc.constantFrom('cash' as const, 'card' as const), amount: fc.integer({ min: 1, max: 20_000 }) }), {
    minLength: 1,
    maxLength: 2,
  }),
});
const movement: fc.Arbitrary<ZMovement> = fc.record({
  direction: fc.constantFrom('in' as const, 'out' as const),
  amount: fc.integer({ min: 1, max: 50_000 }),
});
const shift: fc.Arbitrary<ZInput> = fc.record({
  float: fc.nat(100_000),
  sales: fc.array(sale, { maxLength: 30 }),
  refunds: fc.array(refund, { maxLength: 5 }),
  movements: fc.array(movement, { maxLength: 6 }),
  noSales: fc.nat(20),
  counted: fc.option(fc.nat(2_000_000), { nil: null }),
});

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('computeZTotals', () => {
  it('a worked shift: float 100.00, a cash sale paid with 20.00 for 12.50, a card sale, 5.00 in, 10.00 out, a 2.00 cash refund', () => {
    const totals = computeZTotals({
      float: 10_000,
      sales: [
        {
          lines: [{ quantity: 1, unitPrice: 1250, taxRateBps: 2000 }],
          tenders: [{ type: 'cash', amount: 1250, received: 2000 }],
          total: 1250,
        },
        { lines: [{ quantity: 2, unitPrice: 300, taxRateBps: 0 }], tenders: [{ type: 'card', amount: 600 }], total: 600 },
      ],
      refunds: [{ tenders: [{ type: 'cash', amount: 200 }] }],
      movements: [
        { direction: 'in', amount: 500 },
        { direction: 'out', amount: 1000 },
      ],
      counted: 10_500,
    });
    // 100.00 + 20.00 − 7.50 + 5.00 − 10.00 − 2.00 = 105.50
    expect(totals.expectedCash).toBe(10_550);
    expect(totals.difference).toBe(-50);
    expect(totals.cashTendered).toBe(2000);
    expect(totals.changeGiven).toBe(750);
    expect(totals.sales).toEqual({ count: 2, total: 1850, tax: 208 });
    expect(totals.byTender).toEqual([
      { type: 'cash', salesCount: 1, sales: 1250, refunds: 200, net: 1050 },
      { type: 'card', salesCount: 1, sales: 600, refunds: 0, net: 600 },
    ]);
    expect(totals.byTaxRate).toEqual([
      { taxRateBps: 0, salesGross: 600, salesTax: 0, refundsGross: 0, refundsTax: 0 },
      { taxRateBps: 2000, salesGross: 1250, salesTax: 208, refundsGross: 0, refundsTax: 0 },
    ]);
    expect(zTotals.parse(totals)).toEqual(totals);
  });

  it('when a sale is paid by two card parts and cash, then the card total has both parts and the sale counts once per tender type', () => {
    const totals = computeZTotals({
      float: 0,
      sales: [
        {
          lines: [{ quantity: 1, unitPrice: 1000, taxRateBps: 0 }],
          tenders: [
            { type: 'card', amount: 300 },
            { type: 'card', amount: 200 },
            { type: 'cash', amount: 500, received: 500 },
          ],
          total: 1000,
        },
      ],
      refunds: [{ tenders: [{ type: 'card', amount: 250 }] }],
      movements: [],
      counted: null,
    });
    expect(totals.byTender).toEqual([
      { type: 'cash', salesCount: 1, sales: 500, refunds: 0, net: 500 },
      { type: 'card', salesCount: 1, sales: 500, refunds: 250, net: 250 },
    ]);
    expect(totals.expectedCash).toBe(500);
  });

  it('expected cash = float + cash tendered − change given + cash in − cash out − cash refunds, for any shift', () => {
    fc.assert(
      fc.property(shift, (input) => {
        const t = computeZTotals(input);
        expect(t.expectedCash).toBe(t.float + t.cashTendered - t.changeGiven + t.cashIn.total - t.cashOut.total - t.cashRefunds);
        // Change is what went back: tendered − change is exactly the cash applied to sales.
        expect(t.cashTendered - t.changeGiven).toBe(
          sum(input.sales.flatMap((s) => s.tenders.filter((x) => x.type === 'cash').map((x) => x.amount))),
        );
        expect(t.difference).toBe(input.counted === null ? null : input.counted - t.expectedCash);
      }),
    );
  });

  it('tenders and tax rates add up to the sales and refunds', () => {
    fc.assert(
      fc.property(shift, (input) => {
        const t = computeZTotals(input);
        expect(sum(t.byTender.map((x) => x.sales))).toBe(t.sales.total);
        expect(sum(t.byTender.map((x) => x.refunds))).toBe(t.refunds.total);
        expect(sum(t.byTaxRate.map((x) => x.salesGross))).toBe(t.sales.total);
        expect(sum(t.byTaxRate.map((x) => x.salesTax))).toBe(t.sales.tax);
        expect(zTotals.safeParse(t).success).toBe(true);
      }),
    );
  });

  it('does not depend on the order the records are read in', () => {
    fc.assert(
      fc.property(shift, fc.infiniteStream(fc.nat()), (input, randoms) => {
        const shuffle = <T>(xs: readonly T[]) =>
          xs
            .map((x) => [randoms.next().value as number, x] as const)
            .sort((a, b) => a[0] - b[0])
            .map(([, x]) => x);
        const shuffled = { ...input, sales: shuffle(input.sales), refunds: shuffle(input.refunds), movements: shuffle(input.movements) };
        expect(zTotalsDifferences(computeZTotals(shuffled), computeZTotals(input))).toEqual([]);
      }),
    );
  });

  it('a shift split in two adds up: every total is the sum of its parts’ (the float counted once)', () => {
    fc.assert(
      fc.property(shift, shift, (a, b) => {
        const whole = computeZTotals({
          float: a.float,
          sales: [...a.sales, ...b.sales],
          refunds: [...a.refunds, ...b.refunds],
          movements: [...a.movements, ...b.movements],
          noSales: (a.noSales ?? 0) + (b.noSales ?? 0),
          counted: null,
        });
        const ta = computeZTotals({ ...a, counted: null });
        const tb = computeZTotals({ ...b, float: 0, counted: null });
        expect(whole.sales).toEqual({
          count: ta.sales.count + tb.sales.count,
          total: ta.sales.total + tb.sales.total,
          tax: ta.sales.tax + tb.sales.tax,
        });
        expect(whole.expectedCash).toBe(ta.expectedCash + tb.expectedCash);
        expect(whole.noSales).toBe(ta.noSales + tb.noSales);
        expect(whole.cashIn.total + whole.cashOut.total).toBe(ta.cashIn.total + tb.cashIn.total + ta.cashOut.total + tb.cashOut.total);
      }),
    );
  });

  it('counts the drawer opened without a sale (No sale) and moves no money for it', () => {
    fc.assert(
      fc.property(shift, (input) => {
        const totals = computeZTotals(input);
        expect(totals.noSales).toBe(input.noSales ?? 0);
        const { noSales: _left, ...without } = input;
        const none = computeZTotals(without);
        expect(none.noSales).toBe(0);
        expect(zTotalsDifferences(totals, none)).toEqual((input.noSales ?? 0) === 0 ? [] : ['noSales']);
      }),
    );
  });

  it('reads totals without a No sale count (a till of protocol 1.1 at close) as none', () => {
    const { noSales: _left, ...older } = computeZTotals({ float: 100, sales: [], refunds: [], movements: [], counted: 100 });
    expect(zTotals.parse(older).noSales).toBe(0);
  });
});

describe('saleCountsInShift', () => {
  it('counts every sale the till or the server still holds as made; not a declined, rejected or cancelled one', () => {
    for (const s of ['queued', 'sending', 'pending', 'confirmed', 'needs_attention']) expect(saleCountsInShift(s)).toBe(true);
    for (const s of ['declined', 'rejected', 'cancelled']) expect(saleCountsInShift(s)).toBe(false);
  });
});

describe('zTotalsDifferences', () => {
  it('names each differing number and nothing else', () => {
    const a = computeZTotals({ float: 100, sales: [], refunds: [], movements: [], counted: 100 });
    const b = { ...a, expectedCash: 90, difference: 10 };
    expect(zTotalsDifferences(a, b)).toEqual(['expectedCash', 'difference']);
    expect(zTotalsDifferences(a, a)).toEqual([]);
  });
});
