/**
 * Paired tills' device tokens and managers' tokens, resolved from POS Core's database on every
 * request, without a cache: a revoked till is refused by POS Core at once (the very next request).
 * One primary-key lookup by the token's SHA-256. Only a till's rotation sets `expires_at` (its grace):
 * a token with one is rotated away.
 */
import type { TokenVerifier, VerifiedCredential } from '../../common/auth.ts';
import type { Queryable } from '../../common/db.ts';
import { sha256Hex } from './secrets.ts';

interface CredentialRow {
  kind: 'terminal' | 'manager';
  tenant_id: string;
  subject: string;
  revoked: boolean;
  expired: boolean;
  rotated_away: boolean;
}

export function databaseVerifier(db: Queryable): TokenVerifier {
  return {
    async verify(token) {
      const { rows } = await db.query<CredentialRow>(
        `SELECT kind, tenant_id, subject, revoked_at IS NOT NULL AS revoked,
                expires_at IS NOT NULL AND expires_at <= now() AS expired,
                expires_at IS NOT NULL AS rotated_away
           FROM credentials WHERE token_hash = $1`,
        [sha256Hex(token)],
      );
      const row = rows[0];
      if (!row || row.expired) return null;
      const credential: VerifiedCredential = { kind: row.kind, tenantId: row.tenant_id, subject: row.subject };
      if (row.revoked) credential.revoked = true;
      else if (row.rotated_away) credential.rotatedAway = true;
      return credential;
    },
  };
}
