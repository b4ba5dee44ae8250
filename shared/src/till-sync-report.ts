/**
 * What a till says about itself with each sync (`POST /v1/orders/batch`, header `Pos-Till-Sync` = HEADERS.tillSync,
 * optional): how many of its records still wait to be sent once this request's are accepted, since
 * when the oldest unsent one waits, and the highest sequence number it has used. POS Core keeps the latest report per till, so the
 * manager's console can name the sequence numbers it has not received yet (G6) before they arrive.
 *
 *   Pos-Till-Sync: unsynced=12; oldest=2026-11-29T21:00:00.000Z; last-seq=140
 *
 * `oldest` is absent when nothing waits. A malformed header is a 400 naming it; nothing is recorded.
 */
import { z } from 'zod';

export const tillSyncReport = z.strictObject({
  /** Records still queued behind the ones this request carries. */
  unsynced: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** When the oldest record not yet accepted was made (the till's clock); null when none waits behind this request. */
  oldestUnsyncedAt: z.iso.datetime().nullable(),
  /** The highest sequence number the till has given a record (0: none yet). */
  lastSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type TillSyncReport = z.infer<typeof tillSyncReport>;

export function formatTillSyncReport(report: TillSyncReport): string {
  const parts = [`unsynced=${report.unsynced}`];
  if (report.oldestUnsyncedAt) parts.push(`oldest=${report.oldestUnsyncedAt}`);
  parts.push(`last-seq=${report.lastSeq}`);
  return parts.join('; ');
}

const NUMBER = /^\d{1,15}$/;

/** The header's value as a report, or a zod error naming what is wrong. */
export const tillSyncHeader = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const fields = new Map<string, string>();
    for (const part of value.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (!name || rest.length === 0 || fields.has(name)) {
        ctx.addIssue({ code: 'custom', message: 'must be "unsynced=<n>; [oldest=<ISO time>;] last-seq=<n>"' });
        return z.NEVER;
      }
      fields.set(name, rest.join('='));
    }
    const unsynced = fields.get('unsynced');
    const lastSeq = fields.get('last-seq');
    const known = new Set(['unsynced', 'oldest', 'last-seq']);
    if (!unsynced || !NUMBER.test(unsynced) || !lastSeq || !NUMBER.test(lastSeq) || [...fields.keys()].some((k) => !known.has(k))) {
      ctx.addIssue({ code: 'custom', message: 'must be "unsynced=<n>; [oldest=<ISO time>;] last-seq=<n>"' });
      return z.NEVER;
    }
    const parsed = tillSyncReport.safeParse({
      unsynced: Number(unsynced),
      oldestUnsyncedAt: fields.get('oldest') ?? null,
      lastSeq: Number(lastSeq),
    });
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'oldest must be an ISO 8601 time' });
      return z.NEVER;
    }
    return parsed.data;
  });
