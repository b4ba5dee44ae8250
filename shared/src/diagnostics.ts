/**
 * A till's diagnostics bundle (issue #19 §6): what "Export diagnostics" writes and `pnpm trace --till`
 * reads. It holds the till's own log of what it did (each entry stamped with the till's Lamport time,
 * which observes the servers' answers) and a summary of its queue — never card data: entries carry
 * ids, statuses and problem titles only, and the export refuses anything that looks like a card number.
 */
import { z } from 'zod';

export const DIAGNOSTICS_FORMAT = 'till-diagnostics/1';

/** What the till logs: a sale recorded, a request sent and what came of it, an answer observed. */
export const tillLogEntry = z.strictObject({
  /** The till's wall clock (informational: it may be hours off). */
  time: z.string().max(40),
  lamport: z.number().int().nonnegative(),
  event: z.string().min(1).max(60),
  orderId: z.string().max(64).optional(),
  seq: z.number().int().nonnegative().optional(),
  /** The request's correlation id (Pos-Correlation-Id): the same id is on the server's access-log line. */
  requestId: z.string().max(64).optional(),
  status: z.number().int().optional(),
  detail: z.string().max(200).optional(),
});
export type TillLogEntry = z.infer<typeof tillLogEntry>;

export const diagnosticsBundle = z.strictObject({
  format: z.literal(DIAGNOSTICS_FORMAT),
  exportedAt: z.string().max(40),
  terminalId: z.string().max(64).nullable(),
  summary: z.strictObject({
    unsynced: z.number().int().nonnegative(),
    /** Age of the oldest sale not yet acknowledged, by the till's clock (null when none). */
    oldestUnsyncedAgeMs: z.number().int().nonnegative().nullable(),
    /** The highest sequence number the server has acknowledged (null before the first). */
    lastAckedSeq: z.number().int().nonnegative().nullable(),
    lamport: z.number().int().nonnegative(),
  }),
  recentRequestIds: z.array(z.string().max(64)).max(1000),
  rejected: z
    .array(z.strictObject({ orderId: z.string().max(64), seq: z.number().int().nonnegative(), reason: z.string().max(200) }))
    .max(1000),
  log: z.array(tillLogEntry).max(100_000),
});
export type DiagnosticsBundle = z.infer<typeof diagnosticsBundle>;
