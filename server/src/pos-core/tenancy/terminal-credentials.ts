/**
 * A paired till's credentials after pairing: revocation (the manager's) and rotation (the till's own
 * or its manager's). Both act only inside the caller's store: another store's till is "not found".
 *
 * Revocation refuses every token of the till at once at POS Core (no cache there), and within the
 * introspection cache bound (≤ 1 s) at Inventory and Payment. It is idempotent.
 *
 * Rotation answers a new token; the previous tokens stay valid for a short grace
 * (`tokenRotationGraceMs`, default 60 s) and then stop. The grace exists because an answer can be
 * lost: a till that never received its new token can still rotate again with the old one.
 */
import { type Pool, withTransaction } from '../../common/db.ts';
import { problems } from '../../common/problem.ts';
import { newToken, sha256Hex } from './secrets.ts';

export async function revokeTerminal(pool: Pool, tenantId: string, terminalId: string): Promise<{ terminalId: string; revokedAt: string }> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ revoked_at: Date }>(
      `UPDATE terminals SET revoked_at = coalesce(revoked_at, now())
        WHERE tenant_id = $1 AND terminal_id = $2 RETURNING revoked_at`,
      [tenantId, terminalId],
    );
    if (!rows[0]) throw problems.notFound('terminal');
    await client.query(
      `UPDATE credentials SET revoked_at = now()
        WHERE tenant_id = $1 AND kind = 'terminal' AND subject = $2 AND revoked_at IS NULL`,
      [tenantId, terminalId],
    );
    return { terminalId, revokedAt: rows[0].revoked_at.toISOString() };
  });
}

export interface RotatedToken {
  token: string;
  terminalId: string;
  storeId: string;
  /** Until when the till's previous tokens keep working. */
  previousValidUntil: string;
}

export async function rotateTerminalToken(pool: Pool, tenantId: string, terminalId: string, graceMs: number): Promise<RotatedToken> {
  const token = newToken('terminal');
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ until: Date }>(
      `SELECT now() + make_interval(secs => $3::double precision / 1000) AS until FROM terminals
        WHERE tenant_id = $1 AND terminal_id = $2 AND revoked_at IS NULL FOR UPDATE`,
      [tenantId, terminalId, graceMs],
    );
    const until = rows[0]?.until;
    if (!until) throw problems.notFound('terminal');
    await client.query(
      `UPDATE credentials SET expires_at = $3
        WHERE tenant_id = $1 AND kind = 'terminal' AND subject = $2 AND revoked_at IS NULL
          AND (expires_at IS NULL OR expires_at > $3)`,
      [tenantId, terminalId, until],
    );
    await client.query(`INSERT INTO credentials (token_hash, tenant_id, kind, subject) VALUES ($1, $2, 'terminal', $3)`, [
      sha256Hex(token),
      tenantId,
      terminalId,
    ]);
    return { token, terminalId, storeId: tenantId, previousValidUntil: until.toISOString() };
  });
}
