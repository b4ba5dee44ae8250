import type { ZReport } from '@pos/shared/z-report';
import { computeZTotals } from '@pos/shared/z-totals';
import { describe, expect, it } from 'vitest';
import { zReportRows } from './z-report-rows.ts';

const sale = (total: number) => ({
  total,
  discount: 0,
  lines: [{ quantity: 1, unitPrice: total, taxRateBps: 0 }],
  tenders: [{ type: 'cash' as const, amount: total, received: total }],
});

function report(openSeq: number, status: ZReport['status'], server: number[], till: number[] | null, counted: number | null): ZReport {
  const totalsOf = (sales: number[]) => computeZTotals({ float: 1_000, sales: sales.map(sale), refunds: [], movements: [], counted });
  return {
    shiftId: `0190a000-0000-7000-8000-00000000000${openSeq}`,
    terminalId: 'till-1',
    currency: 'EUR',
    status,
    complete: status === 'final',
    zNumber: status === 'open' ? null : openSeq,
    openSeq,
    lastSeq: status === 'open' ? null : openSeq + 5,
    openedAt: '2026-11-30T08:00:00.000Z',
    closedAt: status === 'open' ? null : '2026-11-30T18:00:00.000Z',
    missing: status === 'provisional' ? [{ from: openSeq + 2, to: openSeq + 3 }] : [],
    totals: totalsOf(server),
    tillTotals: till ? totalsOf(till) : null,
    differences: [],
    staff: ['ada'],
    closedBy: status === 'open' ? null : 'ada',
    closeApprovedBy: status === 'final' ? 'max' : null,
    issuedAt: null,
  };
}

describe('zReportRows', () => {
  it('lists newest first with the totals that stand: POS Core’s when final or open, the till’s while provisional', () => {
    const rows = zReportRows([
      report(1, 'final', [300, 200], [300, 200], 1_400),
      report(20, 'open', [700], null, null),
      report(10, 'provisional', [300], [300, 450], 1_800),
    ]);
    expect(rows.map((r) => [r.zNumber, r.status])).toEqual([
      [null, 'open'],
      [10, 'provisional'],
      [1, 'final'],
    ]);
    expect(rows[0]).toMatchObject({
      salesCount: 1,
      salesTotal: 700,
      expectedCash: 1_700,
      counted: null,
      difference: null,
      missingCount: 0,
    });
    // Provisional: POS Core has one sale of two; the till's totals at close stand until the rest arrives.
    expect(rows[1]).toMatchObject({ salesCount: 2, salesTotal: 750, expectedCash: 1_750, counted: 1_800, difference: 50, missingCount: 2 });
    expect(rows[2]).toMatchObject({
      salesTotal: 500,
      expectedCash: 1_500,
      difference: -100,
      closedBy: 'ada',
      closeApprovedBy: 'max',
    });
  });

  it('reads a report from an older server (no closedBy / closeApprovedBy) as naming no one', () => {
    const { closedBy: _c, closeApprovedBy: _a, ...older } = report(1, 'final', [300], [300], 1_300);
    expect(zReportRows([older])[0]).toMatchObject({ closedBy: null, closeApprovedBy: null, difference: 0 });
  });
});
