/**
 * The resilience policies of POS Core's downstream calls (service-call.ts), against a real HTTP
 * server behind the fault proxy: per-attempt timeout, retries only of safe calls and only for
 * "unavailable" outcomes, and a circuit breaker that opens, probes half-open with one call and closes;
 * every answer parsed with its schema, a malformed one being "unavailable" rather than a crash.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PROBLEM_TYPE_BASE, PROBLEM_TYPES } from '@pos/shared/problem';
import { PROTOCOL_VERSION } from '@pos/shared/protocol';
import client from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type FaultProxy, startFaultProxy } from '../../testing/fault-proxy.ts';
import { createDownstreamMetrics, createServiceCaller, type DownstreamMetrics, type ServiceCaller } from './service-call.ts';

/** What the fake downstream answers next (then 200 `{ ok: true }` once the script is empty). */
type Reply = { status: number; body?: unknown; headers?: Record<string, string>; raw?: string };

let server: Server;
let proxy: FaultProxy;
let script: Reply[];
let seen: { method: string; url: string; key: string | undefined; protocol: string | undefined }[];
/** Arrivals and answers of the fake downstream, in order (`req:<key>`, `res:<key>`). */
let log: string[];
/** How long the fake downstream takes to answer. */
let replyDelayMs: number;
let registry: client.Registry;
let metrics: DownstreamMetrics;

beforeEach(async () => {
  script = [];
  seen = [];
  log = [];
  replyDelayMs = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = req.headers['idempotency-key'] as string | undefined;
      seen.push({ method: req.method ?? '', url: req.url ?? '', key, protocol: req.headers['pos-protocol'] as string | undefined });
      log.push(`req:${key}`);
      const reply = script.shift() ?? { status: 200, body: { ok: true } };
      setTimeout(() => {
        log.push(`res:${key}`);
        res
          .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
          .end(reply.raw ?? JSON.stringify(reply.body ?? {}));
      }, replyDelayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port }, http: true });
  registry = new client.Registry();
  metrics = createDownstreamMetrics(registry);
});

afterEach(async () => {
  await proxy.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function caller(
  overrides: { timeoutMs?: number; breakerThreshold?: number; halfOpenAfterMs?: number; readyProofMs?: number } = {},
): ServiceCaller {
  return createServiceCaller({
    name: 'inventory',
    baseUrl: proxy.url,
    serviceToken: 'service-token',
    timeoutMs: overrides.timeoutMs ?? 2_000,
    metrics,
    retries: 2,
    breakerThreshold: overrides.breakerThreshold ?? 5,
    halfOpenAfterMs: overrides.halfOpenAfterMs ?? 200,
    ...(overrides.readyProofMs === undefined ? {} : { readyProofMs: overrides.readyProofMs }),
  });
}

/** The fake downstream's answer: `{ ok: true }`. */
const okAnswer = z.object({ ok: z.literal(true) });
const post = (c: ServiceCaller, key?: string) =>
  c.call({ method: 'POST', path: '/v1/reservations', tenantId: 't', correlationId: 'o-1', idempotencyKey: key, body: {} }, okAnswer);
const metricValue = async (name: string, labels: Record<string, string>) => {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return value?.value ?? 0;
};

describe('downstream call policies', () => {
  it('when a keyed call answers 503, then it is retried with the same key and the retry is counted', async () => {
    script.push({ status: 503 }, { status: 503 });
    const outcome = await post(caller(), 'o-1:reserve');
    expect(outcome).toMatchObject({ kind: 'ok', status: 200 });
    expect(seen.map((s) => s.key)).toEqual(['o-1:reserve', 'o-1:reserve', 'o-1:reserve']);
    expect(await metricValue('pos_core_downstream_retries_total', { downstream: 'inventory' })).toBe(2);
  });

  it('when a call is made, then it names the protocol version it speaks', async () => {
    expect(await post(caller(), 'o-1:reserve')).toEqual({ kind: 'ok', status: 200, body: { ok: true } });
    expect(seen.map((s) => s.protocol)).toEqual([PROTOCOL_VERSION]);
  });

  it('when a 2xx answer does not match its schema, then the call is unavailable (malformed_answer), retried with the same key and counted — never a crash', async () => {
    const malformed = { status: 200, body: { ok: 'yes' } };
    script.push(malformed, malformed, malformed);
    const outcome = await post(caller(), 'o-1:reserve');
    expect(outcome).toMatchObject({ kind: 'unavailable', reason: 'malformed_answer' });
    expect(outcome.kind === 'unavailable' && outcome.detail).toMatch(/^ok: /);
    expect(seen.map((s) => s.key)).toEqual(['o-1:reserve', 'o-1:reserve', 'o-1:reserve']);
    expect(await metricValue('pos_core_downstream_malformed_answers_total', { downstream: 'inventory' })).toBe(3);
    // Not JSON at all, with a 2xx: the same.
    script.push({ status: 200, raw: '<html>a proxy page</html>', headers: { 'content-type': 'text/html' } });
    expect(await post(caller())).toMatchObject({ kind: 'unavailable', reason: 'malformed_answer' });
  });

  it('when a downstream keeps answering malformed bodies, then the breaker counts them like any unavailable answer', async () => {
    for (let i = 0; i < 9; i++) script.push({ status: 200, body: { unexpected: true } });
    const c = caller({ breakerThreshold: 3 });
    expect(await post(c, 'o-1:reserve')).toMatchObject({ kind: 'unavailable', reason: 'malformed_answer' });
    expect(c.circuitOpen).toBe(true);
  });

  it('when an answer names a protocol major version POS Core does not speak, then the call is unavailable (unsupported_protocol)', async () => {
    const [major] = PROTOCOL_VERSION.split('.');
    script.push({ status: 200, body: { ok: true }, headers: { 'Pos-Protocol': `${Number(major) + 1}.0` } });
    expect(await post(caller())).toMatchObject({ kind: 'unavailable', reason: 'unsupported_protocol' });
    // Another minor of the same major, or no header at all, is understood.
    script.push({ status: 200, body: { ok: true }, headers: { 'Pos-Protocol': `${major}.99` } });
    expect(await post(caller())).toMatchObject({ kind: 'ok' });
    expect(await post(caller())).toMatchObject({ kind: 'ok' });
  });

  it('when a refusal carries a body that is not a problem, then it is classified by its status with no problem', async () => {
    script.push({ status: 400, body: { type: 42 } });
    expect(await post(caller(), 'o-1:commit')).toEqual({ kind: 'permanent', status: 400, problem: null });
  });

  it('when a POST without an Idempotency-Key answers 503, then it is not repeated', async () => {
    script.push({ status: 503 });
    expect(await post(caller())).toMatchObject({ kind: 'unavailable', reason: 'http_503' });
    expect(seen).toHaveLength(1);
  });

  it('when a call is refused as malformed (400) or as a business answer (409), then it is not retried', async () => {
    script.push(
      { status: 400, body: { type: 'x', title: 'bad', status: 400 } },
      { status: 409, body: { type: 'y', title: 'c', status: 409 } },
    );
    const c = caller();
    expect(await post(c, 'o-1:commit')).toMatchObject({ kind: 'permanent', status: 400 });
    expect(await post(c, 'o-1:commit')).toMatchObject({ kind: 'business', status: 409 });
    expect(seen).toHaveLength(2);
  });

  it('when the downstream answers later than the per-attempt timeout, then each attempt times out and the call is unavailable', async () => {
    proxy.setFault({ kind: 'latency', ms: 400 });
    const outcome = await post(caller({ timeoutMs: 100 }), 'o-1:reserve');
    expect(outcome).toMatchObject({ kind: 'unavailable', reason: 'timeout' });
    expect(await metricValue('pos_core_downstream_retries_total', { downstream: 'inventory' })).toBe(2);
  });

  it('when the downstream never answers (a black hole) and the garbage collector runs meanwhile, then every attempt still times out', async () => {
    // The timeout once came from AbortSignal.any([policy signal, AbortSignal.timeout]): held only weakly,
    // it was collected during the wait and the call hung forever (it hung the saga recovery worker in the soak).
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    proxy.setFault({ kind: 'blackhole' });
    const collecting = setInterval(gc, 20);
    try {
      const started = Date.now();
      const outcomes = await Promise.all(Array.from({ length: 5 }, (_, i) => post(caller({ timeoutMs: 300 }), `o-${i}:reserve`)));
      expect(outcomes.every((o) => o.kind === 'unavailable' && o.reason === 'timeout')).toBe(true);
      // Three attempts of 300 ms and the backoff between them: far below a hang.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await caller({ timeoutMs: 300 }).reachable()).toBe(false);
    } finally {
      clearInterval(collecting);
    }
  });

  it('when the response is lost after the request was delivered, then the retry repeats the same key', async () => {
    const dropped = proxy.injectOnce({ method: 'POST', path: /reservations/ }, { kind: 'drop-response' });
    const outcome = await post(caller(), 'o-1:reserve');
    await dropped;
    expect(outcome).toMatchObject({ kind: 'ok' });
    expect(seen.map((s) => s.key)).toEqual(['o-1:reserve', 'o-1:reserve']);
  });

  it('when another caller holds the key (409 in flight), then the call is retried but the breaker does not count it', async () => {
    const inFlight = {
      status: 409,
      body: { type: PROBLEM_TYPE_BASE + PROBLEM_TYPES.idempotencyInFlight, title: 'in flight', status: 409 },
    };
    for (let i = 0; i < 9; i++) script.push(inFlight);
    const c = caller({ breakerThreshold: 2 });
    for (let i = 0; i < 3; i++) expect(await post(c, 'o-1:reserve')).toMatchObject({ kind: 'unavailable', reason: 'in_flight' });
    expect(c.circuitOpen).toBe(false);
    expect(seen).toHaveLength(9);
  });

  it('when the downstream keeps failing, then the circuit opens, refuses at once, lets one half-open probe through and closes on its success', async () => {
    const c = caller({ breakerThreshold: 3, halfOpenAfterMs: 300 });
    const state = () => metricValue('pos_core_downstream_breaker_state', { downstream: 'inventory' });
    expect(await state()).toBe(0);
    proxy.setFault({ kind: 'partition' });
    expect(await post(c, 'o-1:reserve')).toMatchObject({ kind: 'unavailable' });
    expect(c.circuitOpen).toBe(true);
    expect(await state()).toBe(1);

    const connectionsWhileOpen = proxy.stats().connections;
    expect(await post(c, 'o-2:reserve')).toEqual({ kind: 'unavailable', reason: 'circuit_open' });
    expect(proxy.stats().connections).toBe(connectionsWhileOpen);

    proxy.setFault({ kind: 'none' });
    replyDelayMs = 100;
    // Rounds of three calls at once until the breaker's half-open delay has passed. In that round the
    // first call is the one half-open probe; the other two wait for its answer and go only after it.
    let round = 0;
    let outcomes: Awaited<ReturnType<typeof post>>[] = [];
    for (; seen.length === 0; round++) {
      outcomes = await Promise.all([post(c, `r${round}-a:reserve`), post(c, `r${round}-b:reserve`), post(c, `r${round}-c:reserve`)]);
      if (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const probe = `r${round - 1}-a:reserve`;
    expect(log.slice(0, 2)).toEqual([`req:${probe}`, `res:${probe}`]);
    expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'ok', 'ok']);
    expect(c.circuitOpen).toBe(false);
    expect(await state()).toBe(0);
    expect(await post(c, 'o-4:reserve')).toMatchObject({ kind: 'ok' });
  });

  it('when several ask whether the downstream is reachable at once, then one probe answers them all', async () => {
    const c = caller();
    replyDelayMs = 50;
    expect(await Promise.all([c.reachable(), c.reachable(), c.reachable()])).toEqual([true, true, true]);
    expect(seen.filter((s) => s.url === '/readyz')).toHaveLength(1);
    script.push({ status: 503 });
    expect(await c.reachable()).toBe(false);
    expect(seen.filter((s) => s.url === '/readyz')).toHaveLength(2);
  });

  it('when a call was answered just now, then it stands for a probe; once a call is unavailable, the next ask probes again', async () => {
    const c = caller({ readyProofMs: 60_000 });
    expect(await post(c, 'o-5:reserve')).toMatchObject({ kind: 'ok' });
    expect(await c.reachable()).toBe(true);
    expect(seen.filter((s) => s.url === '/readyz')).toHaveLength(0);
    // Three 503s: the call and its two quick retries are unavailable; the proof is withdrawn.
    script.push({ status: 503 }, { status: 503 }, { status: 503 });
    expect(await post(c, 'o-6:reserve')).toMatchObject({ kind: 'unavailable' });
    script.push({ status: 503 });
    expect(await c.reachable()).toBe(false);
    expect(seen.filter((s) => s.url === '/readyz')).toHaveLength(1);
  });

  it('when the last answer is older than the proof lasts, then it probes', async () => {
    const c = caller({ readyProofMs: 0 });
    expect(await post(c, 'o-7:reserve')).toMatchObject({ kind: 'ok' });
    script.push({ status: 503 });
    expect(await c.reachable()).toBe(false);
    expect(seen.filter((s) => s.url === '/readyz')).toHaveLength(1);
  });

  it('when the downstream cannot be reached, then it is not reachable', async () => {
    proxy.setFault({ kind: 'partition' });
    expect(await caller().reachable()).toBe(false);
  });
});
