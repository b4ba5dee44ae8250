/**
 * The till's barcode scans for React: <App> attaches the keyboard-wedge scanner once and routes every
 * scan through one ScanRouter (till core); screens take scans with these hooks while mounted.
 *   useScanHandler(handler)     — any scan (the sell screen: products);
 *   useOrderNumberScan(handler) — a receipt's order number (its QR code): the refunds screen finds the
 *                                 order by it. While such a screen is mounted it gets order numbers first.
 */
import type { ScanHandler, ScanRouter } from '@pos/till-core/scanner';
import { createContext, useContext, useEffect, useRef } from 'react';

export const ScanRouterContext = createContext<ScanRouter | null>(null);

function useScanRouter(): ScanRouter {
  const router = useContext(ScanRouterContext);
  if (!router) throw new Error('scan hooks outside <ScanRouterContext.Provider>');
  return router;
}

/** Registers `handler` (answers true when it took the scan) for as long as the component is mounted. */
export function useScanHandler(handler: ScanHandler): void {
  const router = useScanRouter();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => router.register((scan) => latest.current(scan)), [router]);
}

/** Takes every scanned receipt order number (the order's id) while mounted. */
export function useOrderNumberScan(onOrderId: (orderId: string) => void): void {
  const latest = useRef(onOrderId);
  latest.current = onOrderId;
  useScanHandler((scan) => {
    if (scan.kind !== 'order') return false;
    latest.current(scan.orderId);
    return true;
  });
}
