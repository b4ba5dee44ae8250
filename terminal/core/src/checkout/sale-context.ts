/** The facts a sale records about the till at the moment it is made. */
import { DEMO_CURRENCY } from '@pos/shared/demo';
import type { ServerReachability } from '../api/server-reachability.ts';
import { getMeta } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';
import type { SaleContext } from './build-order.ts';

/** The store's currency. Products carry no currency on the wire; the only store so far is the demo store. */
export const TILL_CURRENCY = DEMO_CURRENCY;

export async function currentSaleContext(db: TillDatabase, terminalId: string, posCore: ServerReachability): Promise<SaleContext> {
  return {
    terminalId,
    currency: TILL_CURRENCY,
    priceListVersion: (await getMeta(db, 'priceListVersion')) ?? 0,
    // navigator.onLine === false is a certain "offline"; true proves nothing, so POS Core's reachability decides.
    captureMode: posCore.isOnline && (typeof navigator === 'undefined' || navigator.onLine !== false) ? 'online' : 'offline',
  };
}
