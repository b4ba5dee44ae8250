/**
 * The till's composition root (no React): opens this terminal's database, builds the service
 * clients and starts the background machinery once per window. Every window runs its own
 * CatalogSync and EventStream; the SyncEngine elects one sending window through Web Locks.
 */
import { HttpClient } from './api/http-client.ts';
import { InventoryClient } from './api/inventory-client.ts';
import { PosCoreClient } from './api/pos-core-client.ts';
import { ServerReachability } from './api/server-reachability.ts';
import { ReloadableCredentials } from './api/till-credentials.ts';
import { ProductCatalog } from './catalog/product-catalog.ts';
import { UncountedSales } from './catalog/uncounted-sales.ts';
import { CardCheckout } from './checkout/card-checkout.ts';
import { TillDatabase } from './db/till-database.ts';
import { TillJournal } from './diagnostics/till-journal.ts';
import { observeLamport } from './diagnostics/till-lamport.ts';
import { tracedFetch } from './diagnostics/traced-fetch.ts';
import { resolveTillConfig } from './pairing/resolve-till-config.ts';
import { rotateOwnToken } from './pairing/token-rotation.ts';
import type { TillBridge, TillConfig } from './platform/bridge.ts';
import { parseUnpairedTillConfig } from './platform/parse-till-config.ts';
import { StaffSession } from './staff/staff-session.ts';
import { StaffSync } from './staff/staff-sync.ts';
import { CatalogSync } from './sync/catalog-sync.ts';
import { EventStream } from './sync/event-stream.ts';
import { SequenceCheck } from './sync/sequence-check.ts';
import { StoreCurrencySync } from './sync/store-currency-sync.ts';
import { SyncEngine } from './sync/sync-engine.ts';

export interface Till {
  config: TillConfig;
  bridge: TillBridge;
  db: TillDatabase;
  posCore: PosCoreClient;
  posCoreReachability: ServerReachability;
  inventoryReachability: ServerReachability;
  catalog: ProductCatalog;
  catalogSync: CatalogSync;
  /** Units sold here that the catalogue copy does not count yet (the tiles subtract them). */
  uncountedSales: UncountedSales;
  syncEngine: SyncEngine;
  sequenceCheck: SequenceCheck;
  cardCheckout: CardCheckout;
  /** What the till did with its sales, for the diagnostics panel and export (diagnostics/). */
  journal: TillJournal;
  /** The store's staff copy, kept current while POS Core is reachable. */
  staffSync: StaffSync;
  /** Who is signed in (`currentStaff()`), sign-in/out and overrides (staff/). */
  staff: StaffSession;
  stop(): Promise<void>;
}

export async function startTill(config: TillConfig, bridge: TillBridge): Promise<Till> {
  const db = new TillDatabase(config.terminalId);
  await db.open();

  // The token may be rotated while the till runs: after a 401, every client re-reads it the way the
  // till found it at start (a paired credential in the database, else the bridge's configuration).
  const credentials = new ReloadableCredentials(config.token, async () => {
    const resolved = await resolveTillConfig(parseUnpairedTillConfig(await bridge.getConfig()));
    if (resolved.kind !== 'ready') throw new Error('The till has no credential any more.');
    return resolved.config.token;
  });
  const posCoreReachability = ServerReachability.forService(config.posCoreUrl);
  const inventoryReachability = ServerReachability.forService(config.inventoryUrl);
  // Every request carries a request id and the till's Lamport time; answers' times are observed.
  const journal = new TillJournal(config.terminalId);
  const fetch = tracedFetch({ db, journal });
  const posCore = new PosCoreClient(
    new HttpClient({ baseUrl: config.posCoreUrl, token: credentials, reachability: posCoreReachability, fetch }),
  );
  const inventory = new InventoryClient(
    new HttpClient({ baseUrl: config.inventoryUrl, token: credentials, reachability: inventoryReachability, fetch }),
  );

  const catalog = new ProductCatalog(db);
  const catalogSync = new CatalogSync({ db, inventory });
  const uncountedSales = new UncountedSales({ db, catalogSync });
  // Confirmed sales moved stock at Inventory: refresh the catalogue so the grid shows it.
  const syncEngine = new SyncEngine({
    db,
    posCore,
    terminalId: config.terminalId,
    reachability: posCoreReachability,
    onSettled: () => void catalogSync.syncNow(),
  });
  const sequenceCheck = new SequenceCheck({ db, posCore, terminalId: config.terminalId, reachability: posCoreReachability });
  const cardCheckout = new CardCheckout({ db, posCore, reachability: posCoreReachability });
  const storeCurrency = new StoreCurrencySync({ db, posCore, reachability: posCoreReachability });
  const staffSync = new StaffSync({ db, posCore, reachability: posCoreReachability });
  const staff = new StaffSession({ db, terminalId: config.terminalId });
  const events = new EventStream({
    baseUrl: config.posCoreUrl,
    credentials,
    reachability: posCoreReachability,
    // (Re)opened: events may have been missed while it was closed — the catalogue and the store's settings are read again.
    onOpen: () => {
      void catalogSync.syncNow();
      void storeCurrency.reread();
    },
    onEvent: (event) => {
      void observeLamport(db, event.lamport);
      if (event.type === 'stock.changed' || event.type === 'product.changed' || event.type === 'product.deleted')
        void catalogSync.syncNow();
      else if (event.type === 'store.settings_changed') void storeCurrency.reread();
      else if (event.type.startsWith('order.') && event.correlationId) void syncEngine.refreshOrder(event.correlationId);
      else if (event.type === 'terminal.rotation_requested' && event.correlationId === config.terminalId)
        rotateOwnToken(db, posCore, credentials, config.terminalId).catch(() => {}); // asked again by the manager if it failed
    },
  });
  const unsubscribeInventory = inventoryReachability.subscribe(() => {
    if (inventoryReachability.isOnline) void catalogSync.syncNow();
  });

  posCoreReachability.start();
  inventoryReachability.start();
  catalog.start();
  catalogSync.start();
  uncountedSales.start();
  syncEngine.start();
  sequenceCheck.start();
  storeCurrency.start();
  staffSync.start();
  staff.start();
  events.start();

  return {
    config,
    bridge,
    db,
    posCore,
    posCoreReachability,
    inventoryReachability,
    catalog,
    catalogSync,
    uncountedSales,
    syncEngine,
    sequenceCheck,
    cardCheckout,
    journal,
    staffSync,
    staff,
    async stop() {
      events.stop();
      staff.stop();
      staffSync.stop();
      sequenceCheck.stop();
      storeCurrency.stop();
      unsubscribeInventory();
      uncountedSales.stop();
      catalogSync.stop();
      catalog.stop();
      posCoreReachability.stop();
      inventoryReachability.stop();
      await syncEngine.stop();
      db.close();
    },
  };
}
