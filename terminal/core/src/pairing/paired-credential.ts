/**
 * The till's device token after pairing, kept in the till's own database (the `meta` table) so it
 * survives restarts. It is the only copy: the server keeps only its hash. Replaced when the till
 * rotates its token or is paired again; never deleted with sales (G6 is about sales, this is a key).
 */
import type { TillDatabase } from '../db/till-database.ts';

export interface PairedCredential {
  token: string;
  terminalId: string;
  storeId: string;
  pairedAt: string;
}

const KEY = 'pairedCredential';

export async function readPairedCredential(db: TillDatabase): Promise<PairedCredential | null> {
  const row = await db.meta.get(KEY);
  return (row?.value as PairedCredential | undefined) ?? null;
}

export async function savePairedCredential(db: TillDatabase, credential: PairedCredential): Promise<void> {
  await db.meta.put({ key: KEY, value: credential });
}
