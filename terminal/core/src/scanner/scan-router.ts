/**
 * Where a scan goes: every screen that takes scans registers a handler; the most recently registered
 * one is asked first, and a handler that does not take that kind of scan (answers false) passes it
 * on. So a screen opened over the sell screen (refunds: "find the order by scanning the receipt")
 * gets order numbers while the sell screen keeps taking products. A scan nobody takes is reported.
 */
import { classifyScan, type Scan } from './scan.ts';

/** Answers true when it took the scan. */
export type ScanHandler = (scan: Scan) => boolean;

export class ScanRouter {
  readonly #handlers: ScanHandler[] = [];

  /** Registers `handler` above the others; returns the function that removes it. */
  register(handler: ScanHandler): () => void {
    this.#handlers.push(handler);
    return () => {
      const i = this.#handlers.lastIndexOf(handler);
      if (i >= 0) this.#handlers.splice(i, 1);
    };
  }

  /** Offers the scanned code to the handlers, newest first; answers the scan and whether one took it. */
  dispatch(raw: string): { scan: Scan; handled: boolean } {
    const scan = classifyScan(raw);
    for (let i = this.#handlers.length - 1; i >= 0; i--) {
      if (this.#handlers[i]!(scan)) return { scan, handled: true };
    }
    return { scan, handled: false };
  }
}
