/**
 * One card sale across a till and the three services, every machine's wall clock hours off the
 * others (libfaketime; the till's by its own offset): issue #19 §1, §3, §4.
 * - §1: merged by Lamport time, the sale's events across till, POS Core, Inventory and Payment are in
 *   causal order — while their wall-clock times are not.
 * - §4: `pnpm trace <orderId> --till <bundle>` prints that same order from the services' log folder
 *   and the till's diagnostics bundle.
 * - §3: with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a local OTLP/HTTP receiver, the spans of all three
 *   services continue the till's W3C trace: one trace id.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { DIAGNOSTICS_FORMAT, type DiagnosticsBundle, diagnosticsBundle, type TillLogEntry } from '@pos/shared/diagnostics';
import { HEADERS } from '@pos/shared/http';
import { uuidv7 } from '@pos/shared/ids';
import { LamportClock } from '@pos/shared/lamport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../stack/free-port.ts';
import { type SkewedProcesses, startSkewedProcesses } from '../testing/skewed-service-processes.ts';
import { orderFactory } from '../testing/test-orders.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { readServiceLogs, type ServiceLogLine } from './read-service-logs.ts';
import { saleTimeline, type TimelineEntry } from './sale-timeline.ts';

const HOUR = 3_600_000;
const TILL_SKEW_HOURS = -7;
const SKEW = { 'pos-core': -2, inventory: 5, payment: -9 } as const;

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}
const spans: ExportedSpan[] = [];
let receiver: Server;
let services: SkewedProcesses;
let workDir: string;

function collectSpans(body: Buffer, encoding: string | undefined) {
  const json = JSON.parse((encoding === 'gzip' ? gunzipSync(body) : body).toString('utf8'));
  for (const rs of json.resourceSpans ?? []) {
    const service = rs.resource?.attributes?.find((a: { key: string }) => a.key === 'service.name')?.value?.stringValue;
    for (const ss of rs.scopeSpans ?? [])
      for (const s of ss.spans ?? [])
        spans.push({ service, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId, name: s.name });
  }
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'pos-trace-'));
  const port = await freePort();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') collectSpans(Buffer.concat(chunks), req.headers['content-encoding']);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  services = await startSkewedProcesses({
    skewHours: SKEW,
    logDir: join(workDir, 'logs'),
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_BSP_SCHEDULE_DELAY: '100' },
  });
}, 120_000);
afterAll(async () => {
  await services?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** The till's side, as the real till does it: its own Lamport clock observing every answer, its wall clock off. */
function skewedTill() {
  const clock = new LamportClock();
  const log: TillLogEntry[] = [];
  const now = () => new Date(Date.now() + TILL_SKEW_HOURS * HOUR).toISOString();
  const note = (entry: Omit<TillLogEntry, 'time' | 'lamport'>, lamport = clock.tick()) => {
    log.push({ time: now(), lamport, ...entry });
    return lamport;
  };
  return { clock, log, note, now };
}

describe('one sale with every clock hours off', () => {
  it('when a till sells by card, then the merged timeline is causal, pnpm trace prints it, and all spans share the till trace id', async () => {
    const till = skewedTill();
    const base = orderFactory(DEMO_TERMINAL_ID).card('tok_visa');
    const recordedAt = till.note({ event: 'sale recorded', orderId: base.id, seq: base.seq });
    const order = { ...base, lamport: recordedAt, createdAt: till.now() };
    const requestId = uuidv7();
    const traceId = randomBytes(16).toString('hex');
    const sentAt = till.note({ event: 'order sent', orderId: order.id, seq: order.seq, requestId });
    const answer = await fetch(`${services.urls['pos-core']}/v1/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${services.tokens.terminal}`,
        'content-type': 'application/json',
        [HEADERS.idempotencyKey]: order.id,
        [HEADERS.lamport]: String(sentAt),
        [HEADERS.correlationId]: requestId,
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
      body: JSON.stringify(order),
    });
    expect([201, 202]).toContain(answer.status);
    await answer.arrayBuffer();
    till.note(
      { event: 'order acknowledged', orderId: order.id, seq: order.seq, requestId, status: answer.status },
      till.clock.observe(Number(answer.headers.get(HEADERS.lamport))),
    );

    // The saga ends (card charged, stock committed); its last lines are written.
    const manager = { authorization: `Bearer ${services.tokens.manager}` };
    await waitUntil(async () => {
      const r = await fetch(`${services.urls['pos-core']}/v1/orders/${order.id}`, { headers: manager });
      return ((await r.json()) as { order: { status: string } }).order.status === 'confirmed';
    }, 'the sale to be confirmed');
    const logDir = join(workDir, 'logs');
    const find = (lines: ServiceLogLine[], service: string, msg: string, step?: string) =>
      lines.find((l) => l.service === service && l.msg === msg && (step === undefined || l.step === step) && l.orderId === order.id);
    const lines = await waitUntil(async () => {
      const all = readServiceLogs(logDir);
      return find(all, 'inventory', 'request', 'commit') && find(all, 'pos-core', 'downstream answered', 'commit') && all;
    }, 'the commit to be logged');

    // §1: the causal chain, in Lamport order across four machines.
    const timeline = saleTimeline(order.id, lines, till.log);
    const at = (source: string, text: string) => {
      const i = timeline.findIndex((e) => e.source === source && e.text.includes(text));
      expect(i, `${source}: ${text}\n${timeline.map((e) => `${e.lamport} ${e.source} ${e.text}`).join('\n')}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const chain = [
      at('till', 'sale recorded'),
      at('till', 'order sent'),
      at('pos-core', 'order received'),
      at('inventory', 'POST /v1/reservations 201'),
      at('pos-core', '→ inventory POST /v1/reservations [reserve]: ok'),
      at('payment', '[authorize]'),
      at('pos-core', '[authorize]: ok'),
      at('inventory', '[commit]'),
      at('pos-core', '[commit]: ok'),
    ];
    expect(chain).toEqual([...chain].sort((a, b) => a - b));
    const acknowledged = at('till', 'order acknowledged');
    expect(acknowledged).toBeGreaterThan(at('pos-core', '← POST /v1/orders'));
    expect(at('pos-core', '← POST /v1/orders')).toBeGreaterThan(at('pos-core', 'order received'));
    // …while the wall clocks put them out of order: Inventory's reserve "after" Payment's charge that followed it.
    const wall = (e: TimelineEntry) => Date.parse(e.time);
    expect(wall(timeline[chain[3]!]!)).toBeGreaterThan(wall(timeline[chain[5]!]!));
    // One card: charged by its authorize call, no capture call.
    expect(timeline.some((e) => e.text.includes('[capture]'))).toBe(false);
    expect(wall(timeline[chain[0]!]!)).toBeLessThan(wall(timeline[chain[2]!]!) - 4 * HOUR);

    // §4: pnpm trace, given the till's diagnostics bundle, prints the same order.
    const bundle: DiagnosticsBundle = diagnosticsBundle.parse({
      format: DIAGNOSTICS_FORMAT,
      exportedAt: till.now(),
      terminalId: DEMO_TERMINAL_ID,
      summary: { unsynced: 0, oldestUnsyncedAgeMs: null, lastAckedSeq: order.seq, lamport: till.clock.time },
      recentRequestIds: [requestId],
      rejected: [],
      log: till.log,
    });
    const bundleFile = join(workDir, 'till-diagnostics.json');
    writeFileSync(bundleFile, JSON.stringify(bundle));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/trace/trace-cli.ts', order.id, '--till', bundleFile],
      {
        env: { ...process.env, POS_DATA_DIR: workDir, INIT_CWD: process.cwd() },
      },
    );
    const printed = stdout.split('\n');
    const row = (text: string) => printed.findIndex((l) => l.includes(text));
    const rows = ['sale recorded', 'order sent', 'order received', '[reserve]', '[authorize]', '[commit]'].map(row);
    expect(
      rows.every((r) => r > 0),
      stdout,
    ).toBe(true);
    expect(rows, stdout).toEqual([...rows].sort((a, b) => a - b));
    // The till's acknowledgement follows the answer, which may come before the saga ended (202 past the inline budget).
    expect(row('order acknowledged'), stdout).toBeGreaterThan(row('order received'));
    expect(printed[0]).toContain(`Sale ${order.id}`);

    // §3: every service's spans continue the till's trace.
    const traced = await waitUntil(async () => {
      const mine = spans.filter((s) => s.traceId === traceId);
      const by = new Set(mine.map((s) => s.service));
      return by.has('pos-core') && by.has('inventory') && by.has('payment') && mine;
    }, 'spans of the three services to be exported');
    const ids = new Map(traced.map((s) => [s.spanId, s]));
    for (const s of traced.filter((x) => x.service !== 'pos-core')) {
      // Inventory's and Payment's request spans are children of POS Core's call spans.
      expect(ids.get(s.parentSpanId ?? '')?.service, s.name).toBe('pos-core');
    }
    expect(spans.filter((s) => s.traceId !== traceId && s.name.startsWith('POST /v1/'))).toEqual([]);
  });
});
