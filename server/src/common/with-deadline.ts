/**
 * Runs `work` with a signal that aborts after `timeoutMs` (reason: a DOMException named
 * 'TimeoutError', as AbortSignal.timeout gives) or when `parent` aborts, whichever comes first.
 *
 * Why not `AbortSignal.any([parent, AbortSignal.timeout(ms)])`: on Node 20 the composite signal is
 * held only weakly, and once the garbage collector takes it the timeout never reaches fetch — a
 * request to a peer that never answers (a black-holed connection) then hangs forever (found by the
 * chaos soak: the saga recovery worker hung on one such call and no sale was recovered again). Here
 * the timer holds the controller strongly, and both the timer and the parent's listener are removed
 * when `work` settles, so nothing outlives the call.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  parent: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), timeoutMs);
  const forward = () => controller.abort(parent?.reason);
  if (parent?.aborted) forward();
  else parent?.addEventListener('abort', forward, { once: true });
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', forward);
  }
}
