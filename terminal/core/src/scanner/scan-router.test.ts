import { describe, expect, test } from 'vitest';
import type { Scan } from './scan.ts';
import { ScanRouter } from './scan-router.ts';

const ORDER_ID = '019ad0c2-6c1e-7b3a-9f10-2b3c4d5e6f70';

describe('ScanRouter', () => {
  test('when a product code and a receipt order number are scanned, then each goes to the screen that takes its kind', () => {
    const router = new ScanRouter();
    const products: string[] = [];
    const orders: string[] = [];
    router.register((scan) => scan.kind === 'product' && products.push(scan.code) > 0);
    const unregister = router.register((scan) => scan.kind === 'order' && orders.push(scan.orderId) > 0);

    expect(router.dispatch('2001000000012\n').handled).toBe(true);
    expect(router.dispatch(ORDER_ID.toUpperCase()).handled).toBe(true);
    expect(products).toEqual(['2001000000012']);
    expect(orders).toEqual([ORDER_ID]);

    // The refunds screen closed: an order number is no one's.
    unregister();
    expect(router.dispatch(ORDER_ID)).toEqual({ scan: { kind: 'order', orderId: ORDER_ID, code: ORDER_ID }, handled: false });
    expect(orders).toEqual([ORDER_ID]);
  });

  test('when two handlers take the same kind, then the newest one gets it', () => {
    const router = new ScanRouter();
    const seen: string[] = [];
    const handler =
      (name: string) =>
      (scan: Scan): boolean => {
        seen.push(`${name}:${scan.code}`);
        return true;
      };
    router.register(handler('sell'));
    const off = router.register(handler('refunds'));
    router.dispatch('12345678');
    off();
    router.dispatch('87654321');
    expect(seen).toEqual(['refunds:12345678', 'sell:87654321']);
  });
});
