/**
 * A rotation the manager asked for (the console; event `terminal.rotation_requested` naming this till):
 * the till rotates its own token with the one it holds, keeps the new token as its paired credential
 * (it wins over a configured token at every later start and credential renewal, resolve-till-config.ts)
 * and switches to it at once — no re-pairing. It rotates only while the request waits (POS Core answers
 * 409 otherwise), so the same event read again after a restart changes nothing. When the answer is lost
 * (network), the request may already be spent: the till rotates again unconditionally with the token it
 * holds, which keeps working for the rotation's grace (60 s), and keeps the token of the answer it gets.
 */
import { toApiError } from '../api/api-error.ts';
import type { PosCoreClient } from '../api/pos-core-client.ts';
import type { TillCredentials } from '../api/till-credentials.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { readPairedCredential, savePairedCredential } from './paired-credential.ts';

const RETRIES_AFTER_LOST_ANSWER = 5;
const RETRY_DELAY_MS = 2_000;

export async function rotateOwnToken(
  db: TillDatabase,
  posCore: PosCoreClient,
  credentials: TillCredentials,
  terminalId: string,
): Promise<void> {
  let rotated: Awaited<ReturnType<PosCoreClient['rotateToken']>>;
  try {
    rotated = await posCore.rotateToken(terminalId, { onlyIfRequested: true });
  } catch (error) {
    if (toApiError(error).kind !== 'network') throw error;
    rotated = await rotateAfterLostAnswer(posCore, terminalId);
  }
  const paired = await readPairedCredential(db);
  await savePairedCredential(db, {
    token: rotated.token,
    terminalId: rotated.terminalId,
    storeId: rotated.storeId,
    pairedAt: paired?.pairedAt ?? new Date().toISOString(),
  });
  await credentials.renew();
}

async function rotateAfterLostAnswer(posCore: PosCoreClient, terminalId: string) {
  for (let attempt = 1; ; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    try {
      return await posCore.rotateToken(terminalId);
    } catch (error) {
      if (toApiError(error).kind !== 'network' || attempt >= RETRIES_AFTER_LOST_ANSWER) throw error;
    }
  }
}
