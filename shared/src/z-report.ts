/**
 * A shift's report as POS Core answers it (`GET /v1/terminals/:id/shifts`, `GET /v1/shifts/:id/z-report`):
 * the server's Z totals recomputed from the records it received (z-totals.ts), beside the totals the
 * till computed at close.
 *
 *   open ──close received──▶ provisional ──every seq of (open.seq, close.lastSeq] received──▶ final
 *
 * `final` is issued once and never changes afterwards (immutable). `differences` names every number on
 * which the till's and the server's totals disagree; non-empty on a final report is a discrepancy the
 * manager sees.
 */
import { z } from 'zod';
import { orderId, terminalId } from './order.ts';
import { pageSchema } from './page.ts';
import { zTotals } from './z-totals.ts';

export const zReportStatus = z.enum(['open', 'provisional', 'final']);
export type ZReportStatus = z.infer<typeof zReportStatus>;

const seqRange = z.object({ from: z.number().int(), to: z.number().int() });

export const zReport = z.object({
  shiftId: orderId,
  terminalId,
  currency: z.string(),
  status: zReportStatus,
  /** Every record of the shift has arrived (only ever true once closed). */
  complete: z.boolean(),
  /** The till's number of this Z (null while the shift is open). */
  zNumber: z.number().int().nullable(),
  openSeq: z.number().int(),
  lastSeq: z.number().int().nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  /** Sequence numbers of the shift the server has not received, as ranges (empty when complete). */
  missing: z.array(seqRange),
  /** The server's totals over what it received. */
  totals: zTotals,
  /** The till's totals at close (null while open). */
  tillTotals: zTotals.nullable(),
  /** Dotted paths where `tillTotals` and `totals` differ; empty when they agree to the cent. */
  differences: z.array(z.string()),
  /** Staff who made the shift's records (those recorded with one). */
  staff: z.array(z.string()),
  /** The staff member signed in when the shift was closed, if one was (absent while open and from older servers). */
  closedBy: z.string().nullable().optional(),
  /** The manager who approved closing with a difference beyond the store's tolerance, if one had to. */
  closeApprovedBy: z.string().nullable().optional(),
  /**
   * Each time the drawer was opened without a sale in the shift, in seq order: who did it and who approved
   * (absent from older servers; their count is `totals.noSales`).
   */
  noSales: z
    .array(z.object({ seq: z.number().int(), at: z.string(), staffId: z.string().nullable(), approvedBy: z.string().nullable() }))
    .optional(),
  /** When the final report was issued (null before). */
  issuedAt: z.string().nullable(),
});
export type ZReport = z.infer<typeof zReport>;

export const zReportAnswer = z.object({ report: zReport });
export const shiftPage = pageSchema('shifts', zReport);

/** What POS Core answers for a drawer record it holds (first time 201, replays the same). */
export const shiftRecordAnswer = z.object({
  record: z.object({
    id: orderId,
    kind: z.enum(['shift-open', 'cash-movement', 'no-sale', 'shift-close']),
    seq: z.number().int(),
    shiftId: orderId,
  }),
});
export type ShiftRecordAnswer = z.infer<typeof shiftRecordAnswer>;
