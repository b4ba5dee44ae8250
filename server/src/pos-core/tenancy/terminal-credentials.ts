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
import { appendEvent } from '../../common/outbox.ts';
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

/**
 * `onlyIfRequested`: rotate only while a manager's request waits (a till acting on the request's event;
 * an event read again later, after the rotation, then answers 409 and changes nothing).
 */
export async function rotateTerminalToken(
  pool: Pool,
  tenantId: string,
  terminalId: string,
  graceMs: number,
  options: { onlyIfRequested?: boolean } = {},
): Promise<RotatedToken> {
  const token = newToken('terminal');
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ until: Date; requested: boolean }>(
      `SELECT now() + make_interval(secs => $3::double precision / 1000) AS until, rotation_requested_at IS NOT NULL AS requested FROM terminals
        WHERE tenant_id = $1 AND terminal_id = $2 AND revoked_at IS NULL FOR UPDATE`,
      [tenantId, terminalId, graceMs],
    );
    const until = rows[0]?.until;
    if (!until) throw problems.notFound('terminal');
    if (options.onlyIfRequested && !rows[0]?.requested) throw problems.conflict('No token rotation was requested for this till.');
    await client.query(
      `UPDATE credentials SET expires_at = $3
        WHERE tenant_id = $1 AND kind = 'terminal' AND subject = $2 AND revoked_at IS NULL
          AND (expires_at IS NULL OR expires_at > $3)`,
      [tenantId, terminalId, until],
    );
    await client.query('UPDATE terminals SET rotation_requested_at = NULL WHERE tenant_id = $1 AND terminal_id = $2', [
      tenantId,
      terminalId,
    ]);
    await client.query(`INSERT INTO credentials (token_hash, tenant_id, kind, subject) VALUES ($1, $2, 'terminal', $3)`, [
      sha256Hex(token),
      tenantId,
      terminalId,
    ]);
    return { token, terminalId, storeId: tenantId, previousValidUntil: until.toISOString() };
  });
}

/**
 * The manager's rotation (the console): the manager never sees the till's new token. POS Core marks the
 * till and tells it on the store's event feed (`terminal.rotation_requested`); the till rotates itself
 * with its current token (`POST /v1/terminals/:id/token`), keeps the new one and goes on without being
 * paired again; the rotation clears the mark. Asking again while it waits changes nothing.
 */
export async function requestTokenRotation(
  pool: Pool,
  tenantId: string,
  terminalId: string,
): Promise<{ terminalId: string; requestedAt: string }> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ requested_at: Date; asked_now: boolean }>(
      `UPDATE terminals SET rotation_requested_at = coalesce(rotation_requested_at, now())
        WHERE tenant_id = $1 AND terminal_id = $2 AND revoked_at IS NULL
        RETURNING rotation_requested_at AS requested_at, rotation_requested_at = now() AS asked_now`,
      [tenantId, terminalId],
    );
    const row = rows[0];
    if (!row) throw problems.notFound('terminal');
    if (row.asked_now)
      await appendEvent(client, { tenantId, type: 'terminal.rotation_requested', correlationId: terminalId, data: { terminalId } });
    return { terminalId, requestedAt: row.requested_at.toISOString() };
  });
}
