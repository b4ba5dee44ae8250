import type { Till } from '@pos/till-core/start-till';
import { createContext, useContext } from 'react';

export const TillContext = createContext<Till | null>(null);

/** The running till (database, clients, engines) for components below <App>. */
export function useTill(): Till {
  const till = useContext(TillContext);
  if (!till) throw new Error('useTill() outside <TillContext.Provider>');
  return till;
}
