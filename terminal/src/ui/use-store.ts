import { useSyncExternalStore } from 'react';

/** Any of the till's plain stores (SyncEngine, ServerReachability, ProductCatalog…) rendered by React. */
export interface ExternalStore<T> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): T;
}

export function useStore<T>(store: ExternalStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
