/// <reference types="node" />
/** A real HTTP Inventory for till tests: serves catalogue delta pages, with demo products. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CatalogDelta, Product } from '@pos/shared/product';

/** A catalogue product with `available` units (all on hand, none reserved). */
export const product = (id: string, name: string, version: number, available = 5): Product => ({
  id,
  sku: `SKU-${id}`,
  barcode: `400${version}`,
  name,
  category: 'drinks',
  price: 250,
  taxRateBps: 1000,
  onHand: available,
  reserved: 0,
  available,
  version,
});

/** A real HTTP Inventory answering `GET /v1/products?since=` from a list of pages keyed by cursor. */
export async function startInventory(pages: Record<string, CatalogDelta>) {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.searchParams.get('since') ?? '');
    if (req.headers.authorization !== 'Bearer till-token') {
      res.writeHead(401, { 'Content-Type': 'application/problem+json' }).end('{"type":"about:blank","title":"Unauthorized","status":401}');
      return;
    }
    const page = pages[url.searchParams.get('since') ?? ''];
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(page));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
