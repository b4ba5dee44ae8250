import type { OrderView } from '@pos/shared/order';
import { describe, expect, it } from 'vitest';
import { ordersCsv } from './orders-csv.ts';

const order = (overrides: Partial<OrderView>): OrderView => ({
  id: '0190a5b0-0000-7000-8000-000000000001',
  status: 'confirmed',
  reason: null,
  terminalId: 'till-1',
  seq: 1,
  captureMode: 'offline',
  currency: 'EUR',
  priceListVersion: 1,
  total: 250,
  tax: 40,
  lines: [],
  tenders: [{ type: 'cash', amount: 250, received: 300 }],
  discounts: [],
  pricing: { pricesIncludeTax: true, cashRoundingIncrement: 1 },
  cashRounding: 0,
  createdAt: '2026-11-29T10:00:00.000Z',
  receivedAt: '2026-11-29T10:00:01.000Z',
  lamport: 1,
  ...overrides,
});

describe('ordersCsv', () => {
  it('when orders are exported, then there is a header and one CRLF row per order with amounts in minor units', () => {
    const csv = ordersCsv([order({}), order({ seq: 2, total: 1000 })]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('id,terminalId,seq,status,reason,captureMode,tenders,currency,total,tax,createdAt,receivedAt');
    expect(lines[1]).toBe(
      '0190a5b0-0000-7000-8000-000000000001,till-1,1,confirmed,,offline,cash,EUR,250,40,2026-11-29T10:00:00.000Z,2026-11-29T10:00:01.000Z',
    );
    expect(lines[2]?.split(',')[8]).toBe('1000');
    expect(lines).toHaveLength(4);
  });

  it('when a field has a comma, a quote or looks like a formula, then it is quoted or neutralised', () => {
    const csv = ordersCsv([order({ reason: 'said "no", twice' }), order({ reason: '=HYPERLINK("x")' })]);
    const lines = csv.split('\r\n');
    expect(lines[1]).toContain(',"said ""no"", twice",');
    expect(lines[2]).toContain(`,"'=HYPERLINK(""x"")",`);
  });
});
