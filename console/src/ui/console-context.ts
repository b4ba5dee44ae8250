/** The signed-in console: its API client, for every section. */
import { createContext, useContext } from 'react';
import type { ConsoleApi } from '../api/console-api.ts';

export const ConsoleContext = createContext<ConsoleApi | null>(null);

export function useConsoleApi(): ConsoleApi {
  const api = useContext(ConsoleContext);
  if (!api) throw new Error('useConsoleApi outside the signed-in console');
  return api;
}
