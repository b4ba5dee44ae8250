/** @pos/till-core/sync: sending the outbox (SyncEngine), the catalogue sync, the event stream and the sequence check. */
export * from './backoff.ts';
export * from './catalog-sync.ts';
export * from './event-stream.ts';
export * from './leader-election.ts';
export * from './outbox-senders.ts';
export * from './sequence-check.ts';
export * from './sync-engine.ts';
