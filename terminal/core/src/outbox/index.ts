/** @pos/till-core/outbox: the till's outbox — the only code that reads or writes its records (outbox-record.ts). */
export * from './advance-seq.ts';
export * from './clear-outbox.ts';
export * from './count-sales.ts';
export * from './import-records.ts';
export * from './oldest-unsent-sale.ts';
export * from './outbox-record.ts';
export * from './pending-poll.ts';
export * from './put-back.ts';
export * from './read-sales.ts';
export * from './record-entry.ts';
export * from './record-sale.ts';
export * from './settle-sales.ts';
export * from './take-chunk.ts';
export * from './watch-sale.ts';
export * from './watch-sale-counts.ts';
export * from './watch-sales.ts';
