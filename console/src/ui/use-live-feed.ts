/**
 * Keeps the console live: follows the store's event feed from the position the first sync-health
 * answer named, and refreshes what the server shows (debounced) whenever events arrive.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { openLiveFeed } from '../api/live-feed.ts';
import { useConsoleApi } from './console-context.ts';
import { tillsQuery } from './queries.ts';

const REFRESH_DEBOUNCE_MS = 250;

export function useLiveFeed(): boolean {
  const api = useConsoleApi();
  const queryClient = useQueryClient();
  const tills = useQuery(tillsQuery(api));
  const start = tills.data?.eventPosition;
  const started = start !== undefined;
  const startRef = useRef(start);
  startRef.current = start;
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!started) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const feed = openLiveFeed(
      api,
      startRef.current ?? 0,
      () => {
        timer ??= setTimeout(() => {
          timer = null;
          void queryClient.invalidateQueries();
        }, REFRESH_DEBOUNCE_MS);
      },
      setLive,
    );
    return () => {
      feed.stop();
      if (timer) clearTimeout(timer);
    };
  }, [api, queryClient, started]);
  return live;
}
