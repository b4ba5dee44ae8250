import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cursorCodec, cutPage, integerPosition, pageLimit, pageSchema } from './page.ts';

const orders = cursorCodec('orders', integerPosition);
const payments = cursorCodec('payments', z.string().min(1));

describe('cursorCodec', () => {
  it('when a cursor is passed back, then it decodes to the position it was made from', () => {
    expect(orders.param.parse(orders.encode(42))).toBe(42);
    expect(payments.param.parse(payments.encode('01a2-ü'))).toBe('01a2-ü');
    expect(orders.encode(42)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('when a cursor of another list, a made-up one or garbage is passed, then it is refused with a message naming the list', () => {
    for (const bad of [payments.encode('x'), '42', '', 'not base64!', btoa('[1,2]'), 'A'.repeat(600), orders.encode(-1)]) {
      const parsed = orders.param.safeParse(bad);
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain('orders');
    }
  });
});

describe('pageLimit', () => {
  it('when a limit is not a whole number from 1 to the maximum page size, then it is refused', () => {
    expect(pageLimit.parse('1')).toBe(1);
    expect(pageLimit.parse('1000')).toBe(1000);
    for (const bad of ['0', '1001', '-1', '1.5', '1e2', ' 5', '', 'x']) expect(pageLimit.safeParse(bad).success, bad).toBe(false);
  });
});

describe('cutPage', () => {
  it('when one more row than the limit was read, then the page has the limit and a cursor after its last row', () => {
    const page = cutPage([1, 2, 3], 2, orders, (r) => r);
    expect(page).toEqual({ rows: [1, 2], hasMore: true, nextCursor: orders.encode(2) });
    expect(cutPage([1, 2], 2, orders, (r) => r)).toEqual({ rows: [1, 2], hasMore: false, nextCursor: null });
    expect(cutPage([], 2, orders, (r) => r)).toEqual({ rows: [], hasMore: false, nextCursor: null });
  });

  it('when a page answer is parsed, then its items, nextCursor and hasMore are required', () => {
    const schema = pageSchema('items', z.number());
    expect(schema.parse({ items: [1], nextCursor: null, hasMore: false }).items).toEqual([1]);
    expect(schema.safeParse({ items: [1] }).success).toBe(false);
  });
});
