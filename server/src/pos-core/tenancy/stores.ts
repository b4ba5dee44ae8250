/**
 * The stores (tenants): creating one with its first manager credential — the operator's one call
 * (`POST /v1/stores`) — and reading one's profile (`GET /v1/store`).
 */
import { randomBytes } from 'node:crypto';
import type { CreateStoreRequest, StoreProfile } from '@pos/shared/store';
import { PG_ERRORS, type Pool, pgErrorCode, type Queryable, withTransaction } from '../../common/db.ts';
import { problems } from '../../common/problem.ts';
import { newToken, sha256Hex } from './secrets.ts';

export interface CreatedStore {
  storeId: string;
  name: string;
  currency: string;
  /** The store's first manager token: answered once, stored only hashed. */
  managerToken: string;
}

export const STORE_MANAGER_SUBJECT = 'manager';

export async function createStore(pool: Pool, request: CreateStoreRequest): Promise<CreatedStore> {
  const storeId = request.storeId ?? `store-${randomBytes(6).toString('hex')}`;
  const managerToken = newToken('manager');
  try {
    await withTransaction(pool, async (client) => {
      await client.query('INSERT INTO stores (tenant_id, name, currency) VALUES ($1, $2, $3)', [storeId, request.name, request.currency]);
      await client.query(`INSERT INTO credentials (token_hash, tenant_id, kind, subject) VALUES ($1, $2, 'manager', $3)`, [
        sha256Hex(managerToken),
        storeId,
        STORE_MANAGER_SUBJECT,
      ]);
    });
  } catch (error) {
    if (pgErrorCode(error) === PG_ERRORS.uniqueViolation) throw problems.conflict(`The store ${storeId} exists already.`);
    throw error;
  }
  return { storeId, name: request.name, currency: request.currency, managerToken };
}

/** The store's profile; null for a store with no row (one whose credentials are configured, e.g. in tests). */
export async function findStore(db: Queryable, tenantId: string): Promise<StoreProfile | null> {
  const { rows } = await db.query<{ name: string; currency: string }>('SELECT name, currency FROM stores WHERE tenant_id = $1', [tenantId]);
  const row = rows[0];
  return row ? { storeId: tenantId, name: row.name, currency: row.currency } : null;
}
