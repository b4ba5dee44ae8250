/**
 * The till's Lamport clock (issue #19 §1), kept in the database's `meta.lamport` — the same counter
 * recordSale stamps each sale with. Sending is an event (tick); every server time the till sees — an
 * answer's `Pos-Lamport`, an event's `lamport` — is observed: local = max(local, remote) + 1. So each
 * sale, and everything the till logs after an answer, orders after what the servers did before it,
 * whatever the till's wall clock says.
 */
import { getMeta, putMeta } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';

async function advance(db: TillDatabase, remote: number | null): Promise<number> {
  return db.transaction('rw', db.meta, async () => {
    const local = (await getMeta(db, 'lamport')) ?? 0;
    const next = Math.max(local, remote !== null && Number.isSafeInteger(remote) ? remote : 0) + 1;
    await putMeta(db, 'lamport', next);
    return next;
  });
}

/** A local event (a request sent): the new time. */
export const tickLamport = (db: TillDatabase): Promise<number> => advance(db, null);

/** A server time seen (NaN, null or absent counts as none): the new time. */
export const observeLamport = (db: TillDatabase, remote: number | null | undefined): Promise<number> =>
  advance(db, typeof remote === 'number' && remote > 0 ? remote : null);
