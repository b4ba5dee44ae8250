/**
 * The file format of a till's exported sales (a safety valve, G6): when a till cannot reach the
 * server — or must be replaced — its unsynced sales are written to a file and imported on another
 * till, which sends them through its own batch path. Each sale is its full `OrderSubmission`, byte
 * for byte what its till would have sent: same id (the idempotency key), same terminalId and seq, so
 * POS Core dedupes it however many times, on however many tills, it is imported.
 *
 * `schemaVersion` changes only with the format; a reader refuses versions it does not know.
 */
import { orderSubmission, terminalId } from '@pos/shared/order';
import { z } from 'zod';

export const SALES_FILE_FORMAT = 'pos-till-sales';
export const SALES_FILE_SCHEMA_VERSION = 1;

export const exportedSale = z.strictObject({
  order: orderSubmission,
  kind: z.enum(['cash', 'card']),
  lineNames: z.array(z.string()),
  /** The status on the exporting till (informational: an importing till queues every new sale). */
  status: z.string(),
  reason: z.string().nullable(),
});
export type ExportedSale = z.infer<typeof exportedSale>;

export const salesFile = z.strictObject({
  format: z.literal(SALES_FILE_FORMAT),
  schemaVersion: z.literal(SALES_FILE_SCHEMA_VERSION),
  exportedAt: z.iso.datetime(),
  /** The till that wrote the file. */
  exportedBy: terminalId,
  sales: z.array(exportedSale),
});
export type SalesFile = z.infer<typeof salesFile>;
