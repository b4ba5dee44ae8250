/**
 * `GET /v1/store/tills` (manager): the sync health of every till of the store — what the till last
 * reported (till-sync-report.ts) and what POS Core has received. `missing` are the sequence numbers
 * at or below the highest one known (received, or reported by the till) that POS Core has not
 * received: the records still to come after an outage (G6).
 */
import { z } from 'zod';
import { terminalId } from './order.ts';

export const seqRange = z.object({ from: z.number().int(), to: z.number().int() });
export type SeqRange = z.infer<typeof seqRange>;

export const tillHealth = z.object({
  terminalId,
  /** Last authenticated contact of the till with POS Core (a sync, a poll, its open event stream); null: never. */
  lastSeenAt: z.string().nullable(),
  /** Silent longer than the store's `tillSilentAfterSeconds` (or never seen). */
  silent: z.boolean(),
  /** From the till's last report; null when it never sent one. */
  reported: z
    .object({
      at: z.string(),
      unsynced: z.number().int(),
      oldestUnsyncedAt: z.string().nullable(),
      lastSeq: z.number().int(),
    })
    .nullable(),
  /** Highest sequence number POS Core holds for the till (0: none). */
  lastSeqReceived: z.number().int(),
  /** How many sequence numbers are missing, and which (ranges, at most 100 listed). */
  missingCount: z.number().int(),
  missing: z.array(seqRange),
  /** Set when the manager revoked the till. */
  revokedAt: z.string().nullable(),
  /** Set while a token rotation the manager asked for waits for the till. */
  rotationRequestedAt: z.string().nullable(),
});
export type TillHealth = z.infer<typeof tillHealth>;

export const tillHealthList = z.object({
  tills: z.array(tillHealth),
  silentAfterSeconds: z.number().int(),
  /** The store's event feed position at the time of the answer: stream from here (`Last-Event-ID`) for what follows. */
  eventPosition: z.number().int(),
  at: z.string(),
});
export type TillHealthList = z.infer<typeof tillHealthList>;
