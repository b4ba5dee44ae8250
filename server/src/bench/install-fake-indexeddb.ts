/**
 * Gives Node an IndexedDB (fake-indexeddb, the till's test dependency) so that the till's own code
 * (Dexie database, SyncEngine) runs in the benchmark. Must run before Dexie is loaded: the runner
 * imports the till's modules dynamically after calling this.
 */
import { createRequire } from 'node:module';

export function installFakeIndexedDb(): void {
  const fromTerminal = createRequire(new URL('../../../terminal/package.json', import.meta.url));
  fromTerminal('fake-indexeddb/auto');
}
