/**
 * What every request to a service goes through first (issue #19 §1–§3):
 * - Lamport: the caller's `Pos-Lamport` is observed on arrival; the answer carries the receiver's
 *   time, ticked as the head is written — after every event the handler stamped — so a caller that
 *   observes it orders all it does next after all the receiver did (G-causal order of the merged logs).
 * - Correlation: `Pos-Correlation-Id` (or a fresh id) and `Pos-Saga-Step` are read into the log
 *   context (log-context.ts) for the whole request, and the correlation id is echoed on the answer.
 *   On a saga call the correlation id is the order id (service-call.ts), so it names the order too.
 * - One access-log line per request at info: method, route template, status, duration, correlation
 *   id, caller kind, replay flag, stamped with the answer's Lamport time. Never the URL's query, a
 *   header value other than the correlation id, nor any body: no token or card data can reach it.
 * - A SERVER span continuing the caller's W3C trace, when tracing is on (otel.ts).
 */
import { randomUUID } from 'node:crypto';
import { HEADERS } from '@pos/shared/http';
import { UUID_PATTERN } from '@pos/shared/ids';
import type { NextFunction, Request, Response } from 'express';
import { lamport } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { annotateLogContext, currentLogContext, inLogContext, withLogContext } from './log-context.ts';
import { runInSpan } from './otel.ts';

const STEP_PATTERN = /^[a-z]{1,32}$/;

const routeBases = new WeakMap<Request, string>();

/**
 * Mounted with the routers (`app.use('/v1', rememberRouteBase)`): remembers their mount path, which
 * Express takes back off `req.baseUrl` when an error leaves the router.
 */
export function rememberRouteBase(req: Request, _res: Response, next: NextFunction): void {
  routeBases.set(req, req.baseUrl);
  next();
}

/** The route template a request matched (`/v1/reservations/:orderId/commit`), never its concrete URL. */
export function routeOf(req: Request): string {
  return req.route?.path ? `${req.baseUrl || routeBases.get(req) || ''}${String(req.route.path)}` : 'unmatched';
}

/**
 * The correlation id a request names, when it is a lowercase UUID (an order id, or a till's request
 * id). Anything else is replaced by a fresh id, so no free text a client sends — a card number
 * included — is echoed or logged.
 */
function namedCorrelationId(req: Request): string | undefined {
  const named = req.get(HEADERS.correlationId);
  return named && UUID_PATTERN.test(named) ? named : undefined;
}

export function requestTracing(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    lamport.observe(Number(req.get(HEADERS.lamport)) || undefined);
    const named = namedCorrelationId(req);
    const correlationId = named ?? randomUUID();
    const stepHeader = req.get(HEADERS.sagaStep);
    const step = stepHeader && STEP_PATTERN.test(stepHeader) ? stepHeader : undefined;
    res.setHeader(HEADERS.correlationId, correlationId);

    let answeredAt = 0;
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      answeredAt = lamport.tick();
      if (!res.headersSent) res.setHeader(HEADERS.lamport, String(answeredAt));
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as Response['writeHead'];

    const fields = { correlationId, step, orderId: step && named ? named : undefined };
    withLogContext(fields, () =>
      runInSpan(
        `${req.method} request`,
        'server',
        { 'http.request.method': req.method, 'pos.correlation_id': correlationId, ...(step ? { 'pos.step': step } : {}) },
        (span) => {
          // The request's own context object (annotated in place while the request runs), read when
          // it finishes — no async resource bound per request.
          const context = currentLogContext();
          res.on('finish', () => {
            const route = routeOf(req);
            const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
            span.updateName(`${req.method} ${route}`);
            span.setAttributes({
              'http.route': route,
              'http.response.status_code': res.statusCode,
              ...(context?.storeId ? { 'pos.store_id': context.storeId } : {}),
              ...(context?.orderId ? { 'pos.order_id': context.orderId } : {}),
            });
            span.end(res.statusCode >= 500);
            // Built only when it is written (services often log at warn); logged in the request's context.
            if (!logger.isLevelEnabled('info')) return;
            inLogContext(context, () =>
              logger.info(
                {
                  method: req.method,
                  route,
                  status: res.statusCode,
                  durationMs: Math.round(durationMs * 10) / 10,
                  caller: req.principal?.kind,
                  replayed: res.getHeader(HEADERS.idempotentReplayed) === 'true' || undefined,
                  lamport: answeredAt || lamport.time,
                },
                'request',
              ),
            );
          });
          next();
        },
        req.headers,
      ),
    );
  };
}

/** After authentication: the request's store joins its log context. */
export function storeLogContext(req: Request, _res: Response, next: NextFunction): void {
  annotateLogContext({ storeId: req.principal?.tenantId });
  next();
}
