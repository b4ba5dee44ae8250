/**
 * Runs `work` with a signal that aborts after `timeoutMs` (reason: a DOMException named
 * 'TimeoutError', as AbortSignal.timeout gives).
 *
 * Why not `AbortSignal.timeout(ms)` (or `AbortSignal.any` with a caller's signal): on Node 20 such
 * signals are held only weakly, and once the garbage collector takes one the timeout never reaches
 * the request — a request to a peer that never answers (a black-holed connection) then hangs forever
 * (found by the chaos soak: the saga recovery worker hung on one such call and no sale was recovered
 * again). Here the timer holds the controller strongly, and it is cleared when `work` settles, so
 * nothing outlives the call.
 */
export async function withDeadline<T>(timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), timeoutMs);
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
