/**
 * One order and its idempotency key, read in ONE query: what `POST /v1/orders` needs to answer a
 * replay (the key says "completed, same body"; the order says its current state) and, after a first
 * submission, to answer with the order's state — and, when asked, the store's settings a first
 * submission is recorded against (record-orders.ts), so that recording needs no read of its own. The
 * order's lines and tenders come as JSON arrays of the same rows order-view.ts reads, so both build
 * the same OrderView.
 */
import type { OrderView } from '@pos/shared/order';
import type { StoreSettings } from '@pos/shared/store-settings';
import type { Queryable } from '../../common/db.ts';
import { type KeyRow, keyColumns, type StoredKey, toStoredKey } from '../../common/idempotency.ts';
import type { ClaimOwner } from '../../common/service-instance.ts';
import { LINE_COLUMNS, type LineRow, ORDER_COLUMNS, type OrderRow, TENDER_COLUMNS, type TenderRow, toOrderView } from './order-view.ts';
import { SETTINGS_COLUMNS, type SettingsRow, toStoreSettings } from './store-settings.ts';

export interface OrderLookup {
  /** The order's key (its id), absent before the first claim and after pruning. */
  key: StoredKey | null;
  order: OrderView | null;
  /** The store's settings, when asked for. */
  store?: StoreSettings;
}

type LookupRow = Partial<KeyRow> & { key_found: boolean } & Partial<OrderRow> & {
    lines: LineRow[] | null;
    tenders: TenderRow[] | null;
    store?: SettingsRow | null;
  };

/** `reader`: the process asking (whether the key's claim is alive is judged as it would take it over). */
export async function lookupOrder(
  db: Queryable,
  tenantId: string,
  orderId: string,
  reader: Pick<ClaimOwner, 'id'>,
  options: { withStore?: boolean } = {},
): Promise<OrderLookup> {
  const { rows } = await db.query<LookupRow>(
    `SELECT k.key IS NOT NULL AS key_found, ${keyColumns('$3')}, o.*,
            CASE WHEN o.id IS NOT NULL THEN
              (SELECT json_agg(l ORDER BY l.line_no) FROM (SELECT ${LINE_COLUMNS} FROM order_lines
                WHERE tenant_id = $1 AND order_id = $2) l) END AS lines,
            CASE WHEN o.id IS NOT NULL THEN
              (SELECT json_agg(t ORDER BY t.tender_no) FROM (SELECT ${TENDER_COLUMNS} FROM order_tenders
                WHERE tenant_id = $1 AND order_id = $2) t) END AS tenders
            ${options.withStore ? `, (SELECT row_to_json(s) FROM (SELECT ${SETTINGS_COLUMNS} FROM store_settings WHERE tenant_id = $1) s) AS store` : ''}
       FROM (SELECT 1) one
       LEFT JOIN idempotency_keys k ON k.tenant_id = $1 AND k.key = $2
       LEFT JOIN (SELECT ${ORDER_COLUMNS} FROM orders WHERE tenant_id = $1 AND id = $2) o ON true`,
    [tenantId, orderId, reader.id],
  );
  const row = rows[0]!;
  return {
    key: row.key_found ? toStoredKey(row as KeyRow) : null,
    order: row.id ? toOrderView(row as OrderRow, row.lines ?? [], row.tenders ?? []) : null,
    ...(options.withStore ? { store: toStoreSettings(row.store) } : {}),
  };
}
