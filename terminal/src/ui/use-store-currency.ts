/** The currency the till's store sells in, from the till's copy (undefined until the till has learned it). */
import { getMeta } from '@pos/till-core/database';
import { useTill } from './till-context.ts';
import { useLiveQuery } from './use-live-query.ts';

export function useStoreCurrency(): string | undefined {
  const till = useTill();
  return useLiveQuery(() => getMeta(till.db, 'storeCurrency'), [till.db], undefined);
}
