// Gives every test file a fresh in-memory IndexedDB (indexedDB, IDBKeyRange, …) on globalThis.
import 'fake-indexeddb/auto';
