/** The facts a sale records about the till at the moment it is made. */
import type { ServerReachability } from '../api/server-reachability.ts';
import { getMetaValues } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';
import type { SaleContext } from './build-order.ts';

/** The till has never learned its store's currency (store-currency-sync.ts): it cannot price a sale. */
export class StoreCurrencyUnknown extends Error {
  override name = 'StoreCurrencyUnknown';
  constructor() {
    super("This till has not learned its store's currency yet. Connect it to the network once, then try again.");
  }
}

export async function currentSaleContext(db: TillDatabase, terminalId: string, posCore: ServerReachability): Promise<SaleContext> {
  const { storeCurrency, priceListVersion, storePricing, currentStaffId } = await getMetaValues(db, [
    'storeCurrency',
    'priceListVersion',
    'storePricing',
    'currentStaffId',
  ]);
  if (storeCurrency === undefined) throw new StoreCurrencyUnknown();
  return {
    terminalId,
    // Who sells: the member signed in (staff/staff-session.ts), absent in a store without staff.
    ...(currentStaffId ? { staffId: currentStaffId } : {}),
    currency: storeCurrency,
    priceListVersion: priceListVersion ?? 0,
    ...(storePricing
      ? { pricing: { pricesIncludeTax: storePricing.pricesIncludeTax, cashRoundingIncrement: storePricing.cashRoundingIncrement } }
      : {}),
    // navigator.onLine === false is a certain "offline"; true proves nothing, so POS Core's reachability decides.
    captureMode: posCore.isOnline && (typeof navigator === 'undefined' || navigator.onLine !== false) ? 'online' : 'offline',
  };
}
