/**
 * Gives Node an IndexedDB (fake-indexeddb, a real IndexedDB implementation in memory) so that the
 * till's own code (@pos/till-core: its Dexie database, SyncEngine, CardCheckout) runs in the
 * benchmark. Dexie reads the global IndexedDB when it is loaded, so this module is imported for its
 * effect FIRST, before any module that loads the till core.
 */
import 'fake-indexeddb/auto';
