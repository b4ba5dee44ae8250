/**
 * The till's credential at start: a token paired on this till (saved in its database) wins over one
 * in the platform's configuration; a configuration without a token and nothing paired means the
 * till must be paired first (the pairing screen). The demo stack ships a configured token, so it
 * never pairs.
 */
import { TillDatabase } from '../db/till-database.ts';
import type { TillConfig } from '../platform/bridge.ts';
import { readPairedCredential } from './paired-credential.ts';

export type UnpairedTillConfig = Omit<TillConfig, 'token'> & { token?: string | undefined };

export type ResolvedTillConfig = { kind: 'ready'; config: TillConfig } | { kind: 'needs-pairing'; config: UnpairedTillConfig };

export async function resolveTillConfig(
  config: UnpairedTillConfig,
  openDatabase = (id: string) => new TillDatabase(id),
): Promise<ResolvedTillConfig> {
  const db = openDatabase(config.terminalId);
  try {
    await db.open();
    const paired = await readPairedCredential(db);
    if (paired && paired.terminalId === config.terminalId) return { kind: 'ready', config: { ...config, token: paired.token } };
  } finally {
    db.close();
  }
  if (config.token) return { kind: 'ready', config: { ...config, token: config.token } };
  return { kind: 'needs-pairing', config };
}
