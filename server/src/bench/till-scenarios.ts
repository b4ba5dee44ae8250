/**
 * Benchmarks that run the till's own code in Node (IndexedDB from fake-indexeddb, installed by
 * install-fake-indexeddb.ts BEFORE this module is loaded): recording sales with the till's checkout,
 * draining its outbox with its real SyncEngine against the real services, starting to sellable, search,
 * and the catalogue's heap.
 */
import type { Product } from '@pos/shared/product';
import { HttpClient, PosCoreClient } from '@pos/till-core/api';
import { buildProductIndex, nameWords, ProductCatalog, searchProducts } from '@pos/till-core/catalog';
import { recordCashSale } from '@pos/till-core/checkout';
import { type StoredProduct, TillDatabase } from '@pos/till-core/database';
import { advanceNextSeq } from '@pos/till-core/outbox';
import { ensureOpenShift } from '@pos/till-core/shift';
import { SyncEngine } from '@pos/till-core/sync';
import pg from 'pg';
import { cartOf, type DrainTarget } from './bench-cart.ts';
import { type LatencySummary, summarize } from './latency-stats.ts';

let databases = 0;
const freshDatabase = (label: string) => new TillDatabase(`bench-${label}-${process.pid}-${++databases}`);

export interface DrainResult {
  sales: number;
  /** Sequence numbers the till used: the sales and its shift's opening. */
  seqsUsed: number;
  /** Time to record them all on the till (before the drain). */
  recordMs: number;
  recordSale: LatencySummary;
  /** From starting the SyncEngine until every sale is confirmed on the till and at POS Core. */
  drainMs: number;
  salesPerSecond: number;
}

/**
 * Records `sales` offline cash sales of 3 lines with the till's checkout (seq from `firstSeq`), then
 * starts the till's SyncEngine and times until all are confirmed on the till AND at POS Core.
 */
export async function backlogDrain(
  options: DrainTarget & {
    sales: number;
    firstSeq: number;
    log: (line: string) => void;
  },
): Promise<DrainResult> {
  const { sales, terminalId } = options;
  const db = freshDatabase('drain');
  await db.open();
  await advanceNextSeq(db, options.firstSeq - 1);
  // Selling needs an open shift: its opening takes `firstSeq`, the sales follow.
  await ensureOpenShift(db, { terminalId, currency: 'EUR' });
  const context = { terminalId, currency: 'EUR', priceListVersion: 1, captureMode: 'offline' as const };
  const samples: number[] = [];
  const recordStarted = performance.now();
  for (let i = 0; i < sales; i++) {
    const cart = cartOf(options.products, i);
    const total = cart.lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
    const t = performance.now();
    await recordCashSale(db, { cart, received: total + 100, context });
    samples.push(performance.now() - t);
    if ((i + 1) % 20_000 === 0) options.log(`  recorded ${i + 1} sales on the till`);
  }
  const recordMs = performance.now() - recordStarted;

  const posCore = new PosCoreClient(new HttpClient({ baseUrl: options.posCoreUrl, token: options.token }));
  const engine = new SyncEngine({ db, posCore, terminalId, locks: null });
  const server = new pg.Client({ connectionString: options.posCoreDatabaseUrl });
  await server.connect();
  const lastSeq = options.firstSeq + sales;
  const serverConfirmed = async () =>
    Number(
      (
        await server.query<{ n: string }>(
          `SELECT count(*) AS n FROM orders WHERE tenant_id = $1 AND terminal_id = $2 AND seq BETWEEN $3 AND $4 AND status = 'confirmed'`,
          [options.tenantId, terminalId, options.firstSeq + 1, lastSeq],
        )
      ).rows[0]?.n ?? 0,
    );
  const tillConfirmed = new Promise<void>((resolve) => {
    let logged = 0;
    const check = () => {
      const confirmed = engine.getSnapshot().counts.confirmed;
      if (confirmed >= logged + 20_000) {
        logged = confirmed;
        options.log(`  ${confirmed} confirmed on the till`);
      }
      if (confirmed >= sales + 1) resolve(); // the sales and the shift's opening
    };
    engine.subscribe(check);
  });
  const started = performance.now();
  engine.start();
  await tillConfirmed;
  while ((await serverConfirmed()) < sales) await new Promise((r) => setTimeout(r, 20));
  const drainMs = performance.now() - started;
  await engine.stop();
  await server.end();
  db.close();
  await db.delete();
  return { sales, seqsUsed: sales + 1, recordMs, recordSale: summarize(samples), drainMs, salesPerSecond: sales / (drainMs / 1_000) };
}

const ADJECTIVES = [
  'organic',
  'fresh',
  'classic',
  'smoked',
  'sparkling',
  'roasted',
  'spicy',
  'sweet',
  'salted',
  'vegan',
  'crispy',
  'golden',
];
const NOUNS = ['coffee', 'milk', 'bread', 'cheese', 'apple', 'water', 'chocolate', 'tea', 'butter', 'yogurt', 'cookies', 'juice', 'pasta'];
const SIZES = ['250 g', '500 g', '1 kg', '330 ml', '1 l', '6 pack', '12 pack'];

/** `count` synthetic catalogue products with realistic names (adjective, noun, size, number). */
export function syntheticProducts(count: number): Product[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]} ${SIZES[i % SIZES.length]} ${i}`;
    return {
      id: `bench-p-${i}`,
      sku: `BP-${String(i).padStart(6, '0')}`,
      barcode: `29${String(i).padStart(11, '0')}`,
      name,
      category: NOUNS[i % NOUNS.length]!,
      price: 100 + (i % 5_000),
      taxRateBps: i % 2 === 0 ? 700 : 1900,
      onHand: 100,
      reserved: 0,
      available: 100,
      version: i + 1,
    };
  });
}

const stored = (products: readonly Product[]): StoredProduct[] => products.map((p) => ({ ...p, words: nameWords(p.name) }));

function whenLoaded(catalog: ProductCatalog): Promise<void> {
  return new Promise((resolve) => {
    if (catalog.loaded) return resolve();
    const unsubscribe = catalog.subscribe(() => {
      if (catalog.loaded) {
        unsubscribe();
        resolve();
      }
    });
  });
}

/**
 * Start to sellable with `count` products cached: open the till's database, load the catalogue
 * index (ProductCatalog, as start-till.ts does) and answer a first search. Best of `runs` cold opens.
 */
export async function startToSellable(count: number, runs: number): Promise<{ products: number; ms: LatencySummary }> {
  const name = `bench-start-${process.pid}-${++databases}`;
  const seed = new TillDatabase(name);
  await seed.open();
  await seed.products.bulkPut(stored(syntheticProducts(count)));
  seed.close();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    const db = new TillDatabase(name);
    await db.open();
    const catalog = new ProductCatalog(db);
    catalog.start();
    await whenLoaded(catalog);
    if (searchProducts(catalog.getSnapshot(), 'organic milk').length === 0) throw new Error('the catalogue did not load');
    samples.push(performance.now() - started);
    catalog.stop();
    db.close();
  }
  await new TillDatabase(name).delete();
  return { products: count, ms: summarize(samples) };
}

/** Search latency over `count` products: typical queries (name prefixes, two words, SKU, barcode). */
export function searchLatency(count: number, queries: number): { products: number; ms: LatencySummary } {
  const products = syntheticProducts(count);
  const index = buildProductIndex(products);
  const typical = (i: number): string => {
    switch (i % 5) {
      case 0:
        return ADJECTIVES[i % ADJECTIVES.length]!.slice(0, 3);
      case 1:
        return `${NOUNS[i % NOUNS.length]} ${SIZES[i % SIZES.length]!.split(' ')[0]}`;
      case 2:
        return `${ADJECTIVES[(i * 7) % ADJECTIVES.length]} ${NOUNS[(i * 3) % NOUNS.length]!.slice(0, 2)}`;
      case 3:
        return products[(i * 7919) % count]!.sku;
      default:
        return products[(i * 104_729) % count]!.barcode;
    }
  };
  const samples: number[] = [];
  for (let i = 0; i < queries; i++) {
    const q = typical(i);
    const started = performance.now();
    searchProducts(index, q);
    samples.push(performance.now() - started);
  }
  return { products: count, ms: summarize(samples) };
}

/**
 * The till's JS heap for its catalogue: heapUsed after the ProductCatalog loaded `count` products
 * minus before (garbage collected first when Node runs with --expose-gc; IndexedDB's own storage is
 * outside the renderer's JS heap in a browser, so it is already in place before the first reading).
 */
export async function catalogueHeap(count: number): Promise<{ products: number; heapMiB: number; gcExposed: boolean }> {
  const db = freshDatabase('heap');
  await db.open();
  await db.products.bulkPut(stored(syntheticProducts(count)));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const catalog = new ProductCatalog(db);
  catalog.start();
  await whenLoaded(catalog);
  gc?.();
  const after = process.memoryUsage().heapUsed;
  const held = catalog.getSnapshot().entries.length;
  catalog.stop();
  db.close();
  await db.delete();
  if (held !== count) throw new Error(`catalogue held ${held} of ${count} products`);
  return { products: count, heapMiB: (after - before) / 1024 / 1024, gcExposed: gc !== undefined };
}
