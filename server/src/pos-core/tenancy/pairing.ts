/**
 * Pairing a till (one time): a manager makes a short-lived code, the till sends it once with its
 * terminal id and receives its device token. The code decides the store: a code of store A can
 * only ever pair a till into store A.
 *
 *   manager: POST /v1/pairing-codes ─▶ code (hash stored, expires)
 *   till:    POST /v1/pairing {code, terminalId} ─▶ {token, terminalId, storeId}; the code is spent
 *
 * Pairing a terminal id that exists in the store (a reinstalled or previously revoked till) replaces
 * its tokens: every earlier token of that till is revoked, and a revocation is lifted — the manager
 * chose to let this device be that till again.
 */
import { type Pool, withTransaction } from '../../common/db.ts';
import { problems } from '../../common/problem.ts';
import { newPairingCode, newToken, pairingCodeHash, sha256Hex } from './secrets.ts';

export interface PairingCode {
  code: string;
  storeId: string;
  expiresAt: string;
}

export async function createPairingCode(pool: Pool, tenantId: string, createdBy: string, ttlSeconds: number): Promise<PairingCode> {
  const code = newPairingCode();
  const { rows } = await pool.query<{ expires_at: Date }>(
    `INSERT INTO pairing_codes (code_hash, tenant_id, created_by, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING expires_at`,
    [pairingCodeHash(code), tenantId, createdBy, ttlSeconds],
  );
  return { code, storeId: tenantId, expiresAt: rows[0]!.expires_at.toISOString() };
}

export interface PairedTerminal {
  token: string;
  terminalId: string;
  storeId: string;
}

export async function pairTerminal(pool: Pool, code: string, terminalId: string): Promise<PairedTerminal> {
  const token = newToken('terminal');
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ tenant_id: string }>(
      `UPDATE pairing_codes SET used_at = now(), terminal_id = $2
        WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING tenant_id`,
      [pairingCodeHash(code), terminalId],
    );
    const tenantId = rows[0]?.tenant_id;
    if (!tenantId) throw problems.unauthorized('The pairing code is not valid: unknown, expired or already used.');
    await client.query(
      `INSERT INTO terminals (tenant_id, terminal_id) VALUES ($1, $2)
       ON CONFLICT (tenant_id, terminal_id) DO UPDATE SET paired_at = now(), revoked_at = NULL`,
      [tenantId, terminalId],
    );
    await client.query(
      `UPDATE credentials SET revoked_at = now()
        WHERE tenant_id = $1 AND kind = 'terminal' AND subject = $2 AND revoked_at IS NULL`,
      [tenantId, terminalId],
    );
    await client.query(`INSERT INTO credentials (token_hash, tenant_id, kind, subject) VALUES ($1, $2, 'terminal', $3)`, [
      sha256Hex(token),
      tenantId,
      terminalId,
    ]);
    return { token, terminalId, storeId: tenantId };
  });
}
