/** Products with ample stock for the benchmark, created through Inventory's manager API (as a store would). */
import type { BenchProduct } from './bench-cart.ts';

export async function seedProducts(inventoryUrl: string, managerToken: string, count: number): Promise<BenchProduct[]> {
  const headers = { Authorization: `Bearer ${managerToken}`, 'Content-Type': 'application/json' };
  const post = async (path: string, key: string, body: unknown) => {
    const res = await fetch(inventoryUrl + path, {
      method: 'POST',
      headers: { ...headers, 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  };
  const products: BenchProduct[] = Array.from({ length: count }, (_, i) => ({
    id: `bench-stock-${i}`,
    name: `Bench Item ${i}`,
    price: 150 + ((i * 37) % 2_000),
    taxRateBps: i % 3 === 0 ? 700 : 1900,
  }));
  const queue = [...products];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const n = p.id.slice('bench-stock-'.length);
        await post('/v1/products', `create-${p.id}`, {
          id: p.id,
          sku: `BS-${n}`,
          barcode: `28${n.padStart(11, '0')}`,
          name: p.name,
          category: 'bench',
          price: p.price,
          taxRateBps: p.taxRateBps,
        });
        await post('/v1/stock/movements', `receipt-${p.id}`, {
          productId: p.id,
          kind: 'receipt',
          quantity: 1_000_000,
          reason: 'bench opening',
        });
      }
    }),
  );
  return products;
}
