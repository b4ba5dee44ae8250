/**
 * The benchmark's floor: a trivial HTTP echo built on the services' own app (common/http-app.ts —
 * Express with the same middleware: request tracing and its log context, metrics, security headers,
 * CORS, protocol check, JSON body parsing), answering `POST /v1/echo` with a cached answer and
 * touching no database. Run as its own process like a service, so the benchmark's latencies can be
 * read as multiples of what one request costs on this machine at that moment.
 *
 *   ECHO_DATABASE_URL=… LOG_LEVEL=warn node --import tsx src/bench/echo-main.ts   → prints "listening <port>"
 */
import { Router } from 'express';
import { createPool } from '../common/db.ts';
import { createServiceApp, startHttpServer } from '../common/http-app.ts';
import { createLogger } from '../common/logger.ts';
import { createMetrics } from '../common/metrics.ts';
import { createRateLimiter, DEFAULT_RATE_LIMITS } from '../common/rate-limit.ts';

/** The cached answer: about the size of an order's answer, serialised once. */
const ANSWER = JSON.stringify({
  order: {
    id: '0'.repeat(36),
    status: 'confirmed',
    lines: Array.from({ length: 2 }, (_, i) => ({ lineNo: i + 1, note: 'x'.repeat(120) })),
  },
});

async function main() {
  const databaseUrl = process.env.ECHO_DATABASE_URL;
  if (!databaseUrl) throw new Error("ECHO_DATABASE_URL is required (the app's /readyz names a database)");
  const logger = createLogger('bench-echo', process.env.LOG_LEVEL ?? 'warn');
  // Only /readyz would use it; the echo itself never does.
  const pool = createPool({ connectionString: databaseUrl, max: 1, applicationName: 'bench-echo' });
  const echo = Router();
  echo.post('/echo', (_req, res) => {
    res.status(200).type('application/json').send(ANSWER);
  });
  const app = createServiceApp({
    logger,
    pool,
    metrics: createMetrics('bench-echo'),
    verifier: { verify: async () => null },
    corsOrigins: [],
    routes: Router(),
    publicRoutes: echo,
    rateLimiter: createRateLimiter(DEFAULT_RATE_LIMITS),
  });
  const http = await startHttpServer(app, 0);
  process.stdout.write(`listening ${http.port}\n`);
  process.once('SIGTERM', () => {
    void http
      .close()
      .then(() => pool.end())
      .finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`echo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
