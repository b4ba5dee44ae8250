/**
 * The demo store's catalogue (DESIGN §5: a zero-configuration start seeds it). Ids, SKUs and
 * barcodes are stable: tests, e2e and the till's demo refer to them. Barcodes are EAN-13 numbers
 * with the GS1 prefix 20 (restricted circulation, i.e. in-store numbers) and a valid check digit.
 * Prices are EUR minor units, tax included; stock is the opening receipt.
 */
import { DEMO_TENANT_ID } from '@pos/shared/demo';
import { type Pool, withTransaction } from '../../common/db.ts';
import type { ProductInput } from './catalog.ts';
import { recordCatalogChange } from './catalog-change.ts';

export interface DemoProduct extends ProductInput {
  openingStock: number;
  kitchenStation: string | null;
  lowStockThreshold: number;
}

/** Only 10 in stock: the product of concurrency demos (many buyers, few units). */
export const LIMITED_EDITION_MUG_ID = 'p-limited-edition-mug';

/** The EAN-13 check digit of 12 digits (weights 1, 3, 1, 3, … from the left). */
export function ean13(first12: string): string {
  if (!/^\d{12}$/.test(first12)) throw new RangeError(`EAN-13 needs 12 digits, got "${first12}"`);
  const sum = [...first12].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return first12 + String((10 - (sum % 10)) % 10);
}

const CATEGORY_CODES = { coffee: 1, bakery: 2, drinks: 3, snacks: 4, dairy: 5, produce: 6, household: 7, cafe: 8 } as const;
type Category = keyof typeof CATEGORY_CODES;

/** [id suffix, name, price (cents), tax rate (bps), opening stock, kitchen station] per category. Append only. */
const ITEMS: Record<Category, [string, string, number, number, number, string?][]> = {
  coffee: [
    ['espresso', 'Espresso', 250, 1900, 200],
    ['cappuccino', 'Cappuccino', 350, 1900, 200],
    ['latte', 'Caffè Latte', 380, 1900, 200],
    ['flat-white', 'Flat White', 390, 1900, 150],
    ['filter-coffee', 'Filter Coffee', 280, 1900, 200],
    ['coffee-beans-250g', 'Coffee Beans House Blend 250 g', 890, 700, 60],
    ['limited-edition-mug', 'Limited Edition Mug', 1590, 1900, 10],
  ],
  bakery: [
    ['croissant', 'Butter Croissant', 180, 700, 80],
    ['pain-au-chocolat', 'Pain au Chocolat', 210, 700, 60],
    ['sourdough-loaf', 'Sourdough Loaf', 450, 700, 30],
    ['baguette', 'Baguette', 220, 700, 50],
    ['cinnamon-roll', 'Cinnamon Roll', 290, 700, 40],
    ['blueberry-muffin', 'Blueberry Muffin', 260, 700, 40],
    ['pretzel', 'Pretzel', 120, 700, 70],
  ],
  drinks: [
    ['still-water-500ml', 'Still Water 0.5 l', 150, 1900, 120],
    ['sparkling-water-500ml', 'Sparkling Water 0.5 l', 150, 1900, 120],
    ['orange-juice-330ml', 'Orange Juice 0.33 l', 320, 1900, 60],
    ['apple-spritzer-500ml', 'Apple Spritzer 0.5 l', 240, 1900, 80],
    ['cola-330ml', 'Cola 0.33 l', 220, 1900, 100],
    ['iced-tea-500ml', 'Iced Tea Peach 0.5 l', 260, 1900, 70],
  ],
  snacks: [
    ['chocolate-bar', 'Dark Chocolate Bar 100 g', 230, 700, 90],
    ['sea-salt-crisps', 'Sea Salt Crisps 150 g', 260, 700, 70],
    ['granola-bar', 'Granola Bar', 140, 700, 100],
    ['salted-almonds', 'Salted Almonds 200 g', 420, 700, 40],
    ['gummy-bears', 'Gummy Bears 200 g', 180, 700, 80],
    ['oat-cookies', 'Oat Cookies 250 g', 310, 700, 50],
  ],
  dairy: [
    ['whole-milk-1l', 'Whole Milk 1 l', 129, 700, 100],
    ['oat-drink-1l', 'Oat Drink 1 l', 219, 1900, 80],
    ['greek-yoghurt', 'Greek Yoghurt 500 g', 249, 700, 50],
    ['butter-250g', 'Butter 250 g', 279, 700, 60],
    ['cheddar-200g', 'Mature Cheddar 200 g', 349, 700, 40],
    ['free-range-eggs-6', 'Free-Range Eggs ×6', 299, 700, 60],
  ],
  produce: [
    ['bananas-1kg', 'Bananas 1 kg', 189, 700, 70],
    ['apples-1kg', 'Apples Braeburn 1 kg', 279, 700, 60],
    ['avocado', 'Avocado', 129, 700, 50],
    ['tomatoes-500g', 'Cherry Tomatoes 500 g', 259, 700, 40],
    ['lemons-3', 'Lemons ×3', 149, 700, 40],
    ['carrots-1kg', 'Carrots 1 kg', 129, 700, 50],
  ],
  household: [
    ['dish-soap', 'Dish Soap 500 ml', 249, 1900, 40],
    ['paper-towels', 'Paper Towels ×4', 399, 1900, 30],
    ['reusable-cup', 'Reusable Cup 350 ml', 990, 1900, 25],
    ['batteries-aa-4', 'Batteries AA ×4', 549, 1900, 30],
    ['candle', 'Scented Candle', 799, 1900, 20],
  ],
  // The café: made to order, so each line becomes part of a kitchen ticket at its station.
  cafe: [
    ['toastie', 'Ham & Cheese Toastie', 590, 1900, 100, 'kitchen'],
    ['avocado-toast', 'Avocado Toast', 750, 1900, 100, 'kitchen'],
    ['soup-of-the-day', 'Soup of the Day', 520, 1900, 80, 'kitchen'],
    ['fresh-orange-juice', 'Freshly Squeezed Orange Juice', 420, 1900, 100, 'bar'],
    ['iced-latte', 'Iced Latte', 410, 1900, 100, 'bar'],
  ],
};

/** SKU "<CAT>-<nnn>", barcode 20 + category code + item number, both derived from the table position. */
export const DEMO_PRODUCTS: readonly DemoProduct[] = Object.entries(ITEMS).flatMap(([category, items]) => {
  const code = CATEGORY_CODES[category as Category];
  return items.map(([suffix, name, price, taxRateBps, openingStock, kitchenStation], i) => ({
    id: `p-${suffix}`,
    sku: `${category.slice(0, 3).toUpperCase()}-${String(i + 1).padStart(3, '0')}`,
    barcode: ean13(`20${String(code).padStart(2, '0')}0000${String(i + 1).padStart(4, '0')}`),
    name,
    category,
    price,
    taxRateBps,
    openingStock,
    kitchenStation: kitchenStation ?? null,
    // The store is alerted when a tenth of the opening stock is left.
    lowStockThreshold: Math.max(1, Math.floor(openingStock / 10)),
  }));
});

/**
 * Seeds the demo store when it has no products yet; safe when several instances start at once
 * (a transaction-scoped advisory lock serializes them and the second finds products). The opening
 * stock is recorded as receipts, so on_hand = Σ movements holds from the start (G3).
 * Returns whether it seeded.
 */
export async function seedDemoCatalog(pool: Pool): Promise<boolean> {
  return withTransaction(pool, async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('inventory-demo-seed'))");
    const { rows } = await tx.query('SELECT 1 FROM products WHERE tenant_id = $1 LIMIT 1', [DEMO_TENANT_ID]);
    if (rows.length > 0) return false;
    const column = <K extends keyof DemoProduct>(key: K) => DEMO_PRODUCTS.map((p) => p[key]);
    await tx.query(
      `INSERT INTO products (tenant_id, id, sku, barcode, name, category, price, tax_rate_bps, on_hand, kitchen_station, low_stock_threshold)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::int[], $9::bigint[], $10::text[], $11::int[])`,
      [
        DEMO_TENANT_ID,
        column('id'),
        column('sku'),
        column('barcode'),
        column('name'),
        column('category'),
        column('price'),
        column('taxRateBps'),
        column('openingStock'),
        column('kitchenStation'),
        column('lowStockThreshold'),
      ],
    );
    await tx.query(
      `INSERT INTO stock_movements (tenant_id, product_id, kind, quantity, on_hand_after, reason)
       SELECT $1, id, 'receipt', qty, qty, 'demo opening stock' FROM unnest($2::text[], $3::bigint[]) AS s(id, qty)`,
      [DEMO_TENANT_ID, column('id'), column('openingStock')],
    );
    await recordCatalogChange(tx, { tenantId: DEMO_TENANT_ID, productIds: column('id'), event: 'product.changed', priceChanged: true });
    return true;
  });
}
