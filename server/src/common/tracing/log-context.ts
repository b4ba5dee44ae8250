/**
 * What every log line of a unit of work carries (issue #19 §2): the store, the order, the correlation
 * id and the saga step. Held in AsyncLocalStorage, so a line logged anywhere below a request or a saga
 * step carries them without being passed down; the logger's mixin reads them (logger.ts).
 *
 * Contract: `withLogContext` runs `fn` with the fields merged over the enclosing context (inner wins);
 * `annotateLogContext` adds fields to the current context for the rest of its unit (a handler naming
 * the order it read from the body, so the request's access-log line names it too). Outside any
 * context both are harmless: the first runs `fn`, the second does nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface LogContext {
  /** The store (tenant) the work is for. */
  storeId?: string;
  orderId?: string;
  /** The id one piece of work is followed by across services: the order id on saga calls, else the request's own. */
  correlationId?: string;
  /** The saga step (reserve, authorize, capture, commit, void, release, refund). */
  step?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export function currentLogContext(): Readonly<LogContext> | undefined {
  return storage.getStore();
}

export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...definedOnly(fields) }, fn);
}

/** Runs `fn` in exactly `context` (one captured earlier with currentLogContext), e.g. a callback fired outside the unit it belongs to. */
export function inLogContext<T>(context: LogContext | undefined, fn: () => T): T {
  return context ? storage.run(context, fn) : fn();
}

export function annotateLogContext(fields: LogContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, definedOnly(fields));
}

function definedOnly(fields: LogContext): LogContext {
  const out: LogContext = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null && v !== '') out[k as keyof LogContext] = v;
  return out;
}
