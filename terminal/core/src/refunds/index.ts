/** @pos/till-core/refunds: finding a sale to refund, checking and recording the refund (sent by the SyncEngine). */
export * from './make-refund.ts';
export * from './refund-source.ts';
