/**
 * The Express application every service shares: security headers, CORS for the till's origins,
 * a JSON body limit, health/readiness/metrics, bearer authentication and rate limits on /v1, and one error
 * handler that answers every failure as problem+json (G8). Services add only their routes.
 * Every answer names the wire protocol version (`Pos-Protocol`, shared/src/protocol.ts); a /v1 request
 * naming another major version is refused with a 400 before anything else reads it (DESIGN §4).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HEADERS } from '@pos/shared/http';
import { LIMITS } from '@pos/shared/limits';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES } from '@pos/shared/problem';
import { checkProtocol, PROTOCOL_VERSION } from '@pos/shared/protocol';
import express, { type ErrorRequestHandler, type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { ZodError } from 'zod';
import { authenticate, type TokenVerifier } from './auth.ts';
import type { Pool } from './db.ts';
import type { Logger } from './logger.ts';
import type { ServiceMetrics } from './metrics.ts';
import { HttpProblem, problems, zodFieldErrors } from './problem.ts';
import type { RateLimiter } from './rate-limit.ts';
import { rememberRouteBase, requestTracing, routeOf, storeLogContext } from './tracing/request-tracing.ts';

export interface ServiceAppOptions {
  logger: Logger;
  pool: Pool;
  metrics: ServiceMetrics;
  verifier: TokenVerifier;
  /** Browser origins allowed to call (the till's web origins). */
  corsOrigins: readonly string[];
  /** Mounted under /v1 after authentication and the per-till / per-store rate limits. */
  routes: Router;
  /** Mounted under /v1 before authentication: routes outside any store, each checking its own caller (pairing, stores). */
  publicRoutes?: Router;
  rateLimiter: RateLimiter;
  /** Mounted at the root, outside /v1: a service's own web pages (the kitchen display), each setting its own CSP. */
  pages?: Router;
  /** Extra readiness checks beside the database (e.g. "migrations applied"). */
  ready?: () => boolean;
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  const message = (error as { message?: unknown }).message;
  return (
    (typeof code === 'string' && CONNECTION_ERRORS.has(code)) ||
    (typeof message === 'string' &&
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message))
  );
}

export function sendProblem(res: Response, problem: HttpProblem, instance?: string): void {
  if (problem.retryAfter !== undefined) res.setHeader(HEADERS.retryAfter, String(problem.retryAfter));
  res
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem.toJSON(instance)));
}

function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('Cross-Origin-Resource-Policy', 'same-site');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader(HEADERS.protocol, PROTOCOL_VERSION);
  next();
}

/** A request naming a protocol major version this service does not speak is refused; no header means the current one. */
function requireProtocol(req: Request, _res: Response, next: NextFunction) {
  const named = req.get(HEADERS.protocol);
  const protocol = checkProtocol(named);
  if (protocol === 'unsupported' || protocol === 'malformed') throw problems.unsupportedProtocol(named ?? '');
  next();
}

function cors(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader(
        'Access-Control-Allow-Headers',
        [
          'Authorization',
          'Content-Type',
          HEADERS.idempotencyKey,
          HEADERS.lastEventId,
          HEADERS.lamport,
          HEADERS.correlationId,
          HEADERS.protocol,
          HEADERS.tillSync,
          'traceparent',
          'tracestate',
        ].join(', '),
      );
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      res.setHeader(
        'Access-Control-Expose-Headers',
        [HEADERS.idempotentReplayed, HEADERS.retryAfter, HEADERS.protocol, HEADERS.lamport, HEADERS.correlationId].join(', '),
      );
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.status(origin && allowed.has(origin) ? 204 : 403).end();
      return;
    }
    next();
  };
}

/** A request body must be JSON: a POST with another content type is refused before parsing. */
function requireJson(req: Request, _res: Response, next: NextFunction) {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if ((req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') && hasBody && !req.is('application/json')) {
    throw new HttpProblem(415, PROBLEM_TYPES.unsupportedMediaType, 'Unsupported media type', 'Send the body as application/json.');
  }
  next();
}

export function createServiceApp(options: ServiceAppOptions): Express {
  const { logger, pool, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(requestTracing(logger));
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = routeOf(req);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
      if (res.getHeader(HEADERS.idempotentReplayed) === 'true') metrics.idempotentReplays.inc({ route });
    });
    next();
  });
  app.use(securityHeaders);
  app.use(cors(options.corsOrigins));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await pool.query('SELECT 1');
      if (options.ready && !options.ready()) throw new Error('not ready');
      res.json({ status: 'ready' });
    } catch {
      sendProblem(res, problems.unavailable('The database is not reachable.'));
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  if (options.pages) app.use(options.pages);
  app.use('/v1', requireProtocol);
  app.use(requireJson);
  app.use(express.json({ limit: LIMITS.maxBodyBytes, strict: true, type: 'application/json' }));
  app.use('/v1', rememberRouteBase);
  if (options.publicRoutes) app.use('/v1', options.publicRoutes);
  app.use('/v1', authenticate(options.verifier), storeLogContext, options.rateLimiter.principal, options.routes);

  app.use((req) => {
    throw new HttpProblem(404, PROBLEM_TYPES.notFound, 'Not found', `No route for ${req.method} ${req.path}.`);
  });

  const onError: ErrorRequestHandler = (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    const instance = req.originalUrl.split('?')[0];
    if (error instanceof HttpProblem) return sendProblem(res, error, instance);
    if (error instanceof ZodError) return sendProblem(res, problems.validation(zodFieldErrors(error)), instance);
    const bodyError = error as { type?: string; status?: number };
    if (bodyError.type === 'entity.too.large') return sendProblem(res, problems.tooLarge(LIMITS.maxBodyBytes), instance);
    if (bodyError.type === 'entity.parse.failed' || bodyError.type === 'encoding.unsupported' || bodyError.type === 'charset.unsupported') {
      return sendProblem(res, problems.validation([{ path: '(body)', message: 'The body is not valid JSON.' }]), instance);
    }
    if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
      return sendProblem(
        res,
        new HttpProblem(bodyError.status, PROBLEM_TYPES.validation, 'Bad request', 'The request could not be read.'),
        instance,
      );
    }
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error, path: instance }, 'database unavailable');
      return sendProblem(res, problems.unavailable('The database is not reachable; nothing was recorded.'), instance);
    }
    logger.error({ err: error, path: instance }, 'unhandled error');
    sendProblem(
      res,
      new HttpProblem(500, PROBLEM_TYPES.internal, 'Internal error', 'Something went wrong; nothing was recorded.'),
      instance,
    );
  };
  app.use(onError);
  return app;
}

export interface RunningHttpServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Listens on `port` (0 picks a free one). close() ends open keep-alive sockets too. */
export async function startHttpServer(app: Express, port: number, host = '127.0.0.1'): Promise<RunningHttpServer> {
  const server = createServer(app);
  server.keepAliveTimeout = 65_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
