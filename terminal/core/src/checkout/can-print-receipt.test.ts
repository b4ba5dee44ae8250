import { describe, expect, it } from 'vitest';
import { SALE_STATUSES } from '../outbox/outbox-record.ts';
import { canPrintReceipt } from './can-print-receipt.ts';

describe('canPrintReceipt', () => {
  it('when a sale was paid (confirmed, or cash on its way to the server), then it has a receipt; a card sale not confirmed, or a sale that did not happen, has none', () => {
    const cash = SALE_STATUSES.filter((status) => canPrintReceipt({ kind: 'cash', status }));
    const card = SALE_STATUSES.filter((status) => canPrintReceipt({ kind: 'card', status }));
    expect(cash).toEqual(['queued', 'sending', 'pending', 'confirmed']);
    expect(card).toEqual(['confirmed']);
  });
});
