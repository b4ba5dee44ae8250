/**
 * A till's shifts as the manager's Z reports list shows them (POS Core's reports, z-report.ts): newest
 * first; the totals that stand for each — POS Core's once final, the till's at close while provisional
 * (POS Core still lacks records of the shift), POS Core's running X while open — and what needs a look:
 * a cash difference, records still missing, totals on which the till and POS Core disagree — and each time
 * the drawer was opened without a sale.
 */
import type { ZReport, ZReportStatus } from '@pos/shared/z-report';

export interface ZReportRow {
  shiftId: string;
  terminalId: string;
  /** The till's Z number; null while open. */
  zNumber: number | null;
  status: ZReportStatus;
  complete: boolean;
  openedAt: string;
  closedAt: string | null;
  salesCount: number;
  salesTotal: number;
  expectedCash: number;
  counted: number | null;
  /** Counted − expected (negative: cash short); null while open. */
  difference: number | null;
  /** How many times the drawer was opened without a sale ("No sale"). */
  noSalesCount: number;
  /** Each of those openings POS Core holds, in seq order: when, by whom, approved by whom. */
  noSales: NonNullable<ZReport['noSales']>;
  /** How many of the shift's sequence numbers POS Core has not received. */
  missingCount: number;
  /** Dotted paths where the till's and POS Core's totals disagree. */
  disagreements: string[];
  closedBy: string | null;
  closeApprovedBy: string | null;
}

export function zReportRows(reports: readonly ZReport[]): ZReportRow[] {
  return [...reports]
    .sort((a, b) => b.openSeq - a.openSeq)
    .map((r) => {
      const totals = r.status === 'provisional' && r.tillTotals ? r.tillTotals : r.totals;
      return {
        shiftId: r.shiftId,
        terminalId: r.terminalId,
        zNumber: r.zNumber,
        status: r.status,
        complete: r.complete,
        openedAt: r.openedAt,
        closedAt: r.closedAt,
        salesCount: totals.sales.count,
        salesTotal: totals.sales.total,
        expectedCash: totals.expectedCash,
        counted: totals.counted,
        difference: totals.difference,
        noSalesCount: totals.noSales,
        noSales: r.noSales ?? [],
        missingCount: r.missing.reduce((n, range) => n + (range.to - range.from + 1), 0),
        disagreements: r.differences,
        closedBy: r.closedBy ?? null,
        closeApprovedBy: r.closeApprovedBy ?? null,
      };
    });
}
