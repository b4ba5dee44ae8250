/** Creating a store (tenant) with its first manager credential: the operator's one call (`POST /v1/stores`). */
import { randomBytes } from 'node:crypto';
import { PG_ERRORS, type Pool, pgErrorCode, withTransaction } from '../../common/db.ts';
import { problems } from '../../common/problem.ts';
import { newToken, sha256Hex } from './secrets.ts';

export interface CreatedStore {
  storeId: string;
  name: string;
  /** The store's first manager token: answered once, stored only hashed. */
  managerToken: string;
}

export const STORE_MANAGER_SUBJECT = 'manager';

export async function createStore(pool: Pool, request: { name: string; storeId?: string | undefined }): Promise<CreatedStore> {
  const storeId = request.storeId ?? `store-${randomBytes(6).toString('hex')}`;
  const managerToken = newToken('manager');
  try {
    await withTransaction(pool, async (client) => {
      await client.query('INSERT INTO stores (tenant_id, name) VALUES ($1, $2)', [storeId, request.name]);
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
  return { storeId, name: request.name, managerToken };
}
