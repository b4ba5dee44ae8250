/**
 * Pairing this till once with a code its store manager made: `POST /v1/pairing { code, terminalId }`
 * (no bearer) answers the device token, which is saved in the till's database. A refused code, a
 * rate limit or an unreachable server is reported as a PairingError with a message for the screen.
 */
import { HEADERS } from '@pos/shared/http';
import { pairingAnswer } from '@pos/shared/pairing';
import { PROTOCOL_VERSION } from '@pos/shared/protocol';
import type { TillDatabase } from '../db/till-database.ts';
import { type PairedCredential, savePairedCredential } from './paired-credential.ts';

export class PairingError extends Error {
  override name = 'PairingError';
}

export interface PairTillOptions {
  posCoreUrl: string;
  terminalId: string;
  code: string;
  db: TillDatabase;
  fetch?: typeof fetch;
  now?: () => Date;
}

export async function pairTill(options: PairTillOptions): Promise<PairedCredential> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${options.posCoreUrl.replace(/\/+$/, '')}/v1/pairing`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', [HEADERS.protocol]: PROTOCOL_VERSION },
      body: JSON.stringify({ code: options.code.trim(), terminalId: options.terminalId }),
    });
  } catch {
    throw new PairingError('POS Core cannot be reached. Check the network and try again.');
  }
  if (response.status === 429) {
    const wait = response.headers.get('Retry-After');
    throw new PairingError(`Too many attempts. Try again${wait ? ` in ${wait} s` : ' later'}.`);
  }
  if (response.status === 401 || response.status === 400) {
    throw new PairingError('This pairing code is not valid: it may be mistyped, expired or already used. Ask the manager for a new one.');
  }
  if (!response.ok) throw new PairingError(`Pairing failed (HTTP ${response.status}). Try again.`);
  const body = pairingAnswer.safeParse(await response.json().catch(() => undefined));
  if (!body.success || body.data.terminalId !== options.terminalId) {
    throw new PairingError('POS Core answered something unexpected. Try again.');
  }
  const credential: PairedCredential = {
    token: body.data.token,
    terminalId: options.terminalId,
    storeId: body.data.storeId,
    pairedAt: (options.now?.() ?? new Date()).toISOString(),
  };
  await savePairedCredential(options.db, credential);
  return credential;
}
