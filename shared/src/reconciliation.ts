/** `GET /v1/terminals/:id/reconciliation`: POS Core's view of one till (G6). */
import { z } from 'zod';
import { terminalId } from './order.ts';

export const reconciliation = z.object({
  terminalId,
  /** The highest sequence number received from the till (0: none yet). */
  lastSeq: z.number().int().nonnegative(),
  /** Sequence numbers below `lastSeq` that never arrived, as ranges. */
  gaps: z.array(z.object({ from: z.number().int(), to: z.number().int() })),
  /** Orders by status. */
  counts: z.record(z.string(), z.number().int()),
  /** Order totals (minor units) by status. Optional for older servers. */
  totals: z.record(z.string(), z.number().int()).optional(),
});
export type Reconciliation = z.infer<typeof reconciliation>;
