/**
 * A Dexie liveQuery as a React value (dexie-react-hooks is not a dependency): re-renders whenever
 * the data the query read changes, in this window or another. Local reads never wait for the network.
 */
import { liveQuery, type Subscription } from 'dexie';
import { type DependencyList, useMemo, useSyncExternalStore } from 'react';

export function useLiveQuery<T>(query: () => Promise<T>, deps: DependencyList, initial: T): T {
  const store = useMemo(() => {
    let value = initial;
    let subscription: Subscription | null = null;
    const listeners = new Set<() => void>();
    return {
      subscribe(listener: () => void) {
        listeners.add(listener);
        subscription ??= liveQuery(query).subscribe({
          next: (next) => {
            value = next;
            for (const l of listeners) l();
          },
          error: (error) => console.error('local query failed', error),
        });
        return () => {
          listeners.delete(listener);
          if (listeners.size === 0) {
            subscription?.unsubscribe();
            subscription = null;
          }
        };
      },
      getSnapshot: () => value,
    };
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps define when the query changes, as with useEffect.
  }, deps);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
