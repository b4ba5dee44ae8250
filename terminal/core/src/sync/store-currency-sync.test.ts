/// <reference types="node" />
/**
 * The till learns the currency it sells in from its store (GET /v1/store) and keeps it: no sale is
 * priced in a currency the till assumed, and a till that learned it once sells offline.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../api/http-client.ts';
import { PosCoreClient } from '../api/pos-core-client.ts';
import { ServerReachability } from '../api/server-reachability.ts';
import { currentSaleContext, StoreCurrencyUnknown } from '../checkout/sale-context.ts';
import { getMeta } from '../db/meta.ts';
import { TillDatabase } from '../db/till-database.ts';
import { uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { type ScriptedPosCore, startScriptedPosCore } from '../testing/scripted-pos-core.ts';
import { waitFor } from '../testing/wait-for.ts';
import { StoreCurrencySync } from './store-currency-sync.ts';

let pos: ScriptedPosCore;
beforeEach(async () => {
  pos = await startScriptedPosCore();
});
afterEach(async () => {
  await pos.close();
});

async function tillAgainst(dbName: string) {
  const db = new TillDatabase(dbName);
  await db.open();
  const reachability = new ServerReachability({ probe: async () => true });
  const posCore = new PosCoreClient(new HttpClient({ baseUrl: pos.url, token: 't', reachability }));
  return { db, reachability, sync: new StoreCurrencySync({ db, posCore, reachability }) };
}

describe('StoreCurrencySync', () => {
  it("when POS Core answers the store, then the till keeps the store's currency and prices sales in it", async () => {
    pos.store = { storeId: 'kiosk', name: 'Krona kiosk', currency: 'SEK', parkedCartExpiryMinutes: 30 };
    const terminalId = uniqueTerminalId('currency');
    const { db, reachability, sync } = await tillAgainst(terminalId);
    await sync.refresh();
    expect(await getMeta(db, 'storeCurrency')).toBe('SEK');
    // The store's parked-cart expiry comes with it (parked/).
    expect(await getMeta(db, 'parkedCartExpiryMinutes')).toBe(30);
    expect((await currentSaleContext(db, terminalId, reachability)).currency).toBe('SEK');
    db.close();

    // A restart with POS Core gone: the till's copy still prices the sale.
    await pos.close();
    const again = await tillAgainst(terminalId);
    again.reachability.reportUnreachable();
    expect(await currentSaleContext(again.db, terminalId, again.reachability)).toMatchObject({ currency: 'SEK', captureMode: 'offline' });
    again.db.close();
    pos = await startScriptedPosCore();
  });

  it('when the till never learned the currency, then no sale context is made; once POS Core answers, it is', async () => {
    pos.store = null;
    const terminalId = uniqueTerminalId('currency-unknown');
    const { db, reachability, sync } = await tillAgainst(terminalId);
    sync.start();
    await sync.refresh();
    await expect(currentSaleContext(db, terminalId, reachability)).rejects.toBeInstanceOf(StoreCurrencyUnknown);

    pos.store = { storeId: 'kiosk', name: 'Krona kiosk', currency: 'DKK' };
    reachability.reportUnreachable();
    reachability.reportReachable();
    await waitFor(async () => (await getMeta(db, 'storeCurrency')) === 'DKK', 'the currency learned once POS Core answers');
    expect((await currentSaleContext(db, terminalId, reachability)).currency).toBe('DKK');
    sync.stop();
    db.close();
  });

  it('when the manager changes the settings, then a reread replaces the copy this run already learned', async () => {
    const pricing = { pricesIncludeTax: true, cashRoundingIncrement: 1, discountCapPercent: 100 };
    pos.store = { storeId: 'kiosk', name: 'Kiosk', currency: 'EUR', pricing, offlineRefundLimit: 1_000 };
    const { db, sync } = await tillAgainst(uniqueTerminalId('currency-reread'));
    await sync.refresh();
    expect(await getMeta(db, 'storePricing')).toEqual(pricing);
    pos.store = { ...pos.store, pricing: { ...pricing, discountCapPercent: 20 }, offlineRefundLimit: 500 };
    await sync.refresh(); // learned in this run: not read again
    expect((await getMeta(db, 'storePricing'))?.discountCapPercent).toBe(100);
    await sync.reread();
    expect((await getMeta(db, 'storePricing'))?.discountCapPercent).toBe(20);
    expect(await getMeta(db, 'offlineRefundLimit')).toBe(500);

    db.close();
  });
});
