/** Inventory's catalogue API as the till uses it (DESIGN §4). */
import { type CatalogDelta, catalogDelta } from '@pos/shared/product';
import type { HttpClient } from './http-client.ts';

export class InventoryClient {
  constructor(readonly http: HttpClient) {}

  /** One page of catalogue changes after `since` (all products when omitted), with tombstones. */
  async getCatalogDelta(since: string | undefined, limit: number): Promise<CatalogDelta> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (since !== undefined) query.set('since', since);
    return (await this.http.request('GET', `/v1/products?${query}`, { schema: catalogDelta })).data;
  }
}
