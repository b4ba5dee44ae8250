/**
 * A value the till core keeps current through a watcher — `(onValue) => stop`, e.g. `watchSale` of
 * @pos/till-core/outbox — as a React value: subscribed while the component is mounted, re-rendered
 * on each new value. Screens read the outbox only this way, never its table.
 */
import { type DependencyList, useMemo, useSyncExternalStore } from 'react';

export type Watcher<T> = (onValue: (value: T) => void) => () => void;

export function useWatch<T>(watch: Watcher<T>, deps: DependencyList, initial: T): T {
  const store = useMemo(() => {
    let value = initial;
    let stop: (() => void) | null = null;
    const listeners = new Set<() => void>();
    return {
      subscribe(listener: () => void) {
        listeners.add(listener);
        stop ??= watch((next) => {
          value = next;
          for (const l of listeners) l();
        });
        return () => {
          listeners.delete(listener);
          if (listeners.size === 0) {
            stop?.();
            stop = null;
          }
        };
      },
      getSnapshot: () => value,
    };
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps define when the watcher changes, as with useEffect.
  }, deps);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
