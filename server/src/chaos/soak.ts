/**
 * The randomized soak (DESIGN §6): the three services on real PostgreSQL — POS Core as a child
 * process (so it can be SIGKILLed), Inventory and Payment in-process; soak-stack.ts starts them — with
 * a fault proxy on every link (till → POS Core, POS Core → Inventory / Payment, each service → its
 * PostgreSQL). Several real tills (headless-till.ts: the till core's own SyncEngine and CardCheckout,
 * each on its own IndexedDB) sell cash (batch) and card (POST /v1/orders) through the real HTTP
 * contract while the seeded schedule (fault-schedule.ts) injects one fault after another. Then
 * every fault is healed, selling stops, and every till's queue must drain and every saga be final
 * within the liveness bound. Every request and outcome goes to a JSON-lines history, with a census of
 * the server side every 2 s and, when the drain takes too long, what was stuck and why
 * (soak-census.ts); soak-checker.ts judges the run.
 *
 * The event-bus consumers run too, as their own processes (the kitchen and the notification service
 * on the outbox feeds, with a local mail server): some sales are café orders with a kitchen station, some
 * ask for a receipt email, and each consumer is killed and started again on a schedule of its own
 * (consumerFaultSchedule). After the drain the checker waits for them to catch up and checks their
 * invariants (soak-checker.ts checkConsumers); their final census goes to the history.
 *
 * Replay: the seed fixes the schedule (faults, offsets, targets), the tills' sales and the proxies'
 * latency jitter. Timing between processes is not replayed exactly (it is a real system).
 */

import { createWriteStream } from 'node:fs';
import { uuidv7 } from '@pos/shared/ids';
import type { SaleStatus } from '@pos/till-core/outbox';
import type { StackLink } from '../stack/launch-stack.ts';
import { type FaultProxy, startFaultProxy } from '../testing/fault-proxy.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { CONSUMERS, type ConsumerControl, type ConsumerName } from './consumer-processes.ts';
import {
  consumerFaultSchedule,
  type FaultSlot,
  faultLabel,
  faultSchedule,
  type LinkName,
  type RequestKind,
  type ScheduledFault,
} from './fault-schedule.ts';
import { HeadlessTill, type LineSpec } from './headless-till.ts';
import type { PosCoreProcess } from './pos-core-process.ts';
import { checkClosedShifts } from './shift-close-check.ts';
import { soakCensus, stuckReport } from './soak-census.ts';
import { type ConsumerCensus, checkConsumers, checkSoak, LIVENESS_BOUNDS, type SoakViolation } from './soak-checker.ts';
import { openSoakHistory, readSoakHistory, type SoakHistoryWriter } from './soak-history.ts';
import { type SoakStack, startSoakStack } from './soak-stack.ts';

export interface SoakOptions {
  seed: number;
  durationMs: number;
  tills: number;
  historyPath: string;
  /** After the faults healed: how long the queues may take to drain and the sagas to finish (soak-checker.ts). */
  livenessBoundMs: number;
  log: (line: string) => void;
}

export interface SoakReport {
  seed: number;
  durationMs: number;
  historyPath: string;
  sales: { recorded: number; cash: number; card: number; byStatus: Partial<Record<SaleStatus, number>> };
  requests: number;
  /** Faults of the schedule, by label, as applied. */
  faults: Record<string, number>;
  /** How long the queues took to drain after the last fault healed. */
  drainMs: number | null;
  /** The event consumers after the drain (soak-checker.ts). */
  consumers: Omit<ConsumerCensus, 'violations'> | null;
  violations: SoakViolation[];
}

/**
 * Products of the demo catalogue the tills sell. All but the mug are restocked as they sell (so card
 * sales keep reaching authorize and capture); the mug has 10 units, so strict card sales of it get
 * rejected and offline ones take it below zero.
 */
const PRODUCTS = [
  { productId: 'p-espresso', unitPrice: 250, taxRateBps: 1900 },
  { productId: 'p-cappuccino', unitPrice: 350, taxRateBps: 1900 },
  { productId: 'p-croissant', unitPrice: 180, taxRateBps: 700 },
  { productId: 'p-still-water-500ml', unitPrice: 150, taxRateBps: 1900 },
  { productId: 'p-granola-bar', unitPrice: 140, taxRateBps: 700 },
  { productId: 'p-limited-edition-mug', unitPrice: 1590, taxRateBps: 1900 },
  // The café: made at the kitchen station, so a confirmed sale of one gets a kitchen ticket.
  { productId: 'p-toastie', unitPrice: 590, taxRateBps: 1900 },
  { productId: 'p-avocado-toast', unitPrice: 750, taxRateBps: 1900 },
];

/** The share of sales whose customer asks for a receipt email. */
const RECEIPT_SHARE = 0.3;
/** The share of a cashier's turns that are a refund of an earlier sale (issue #14). */
const REFUND_SHARE = 0.1;

const REQUESTS: Record<RequestKind, RegExp> = {
  batch: /^\/v1\/orders\/batch$/,
  order: /^\/v1\/orders$/,
  reserve: /^\/v1\/reservations$/,
  commit: /^\/v1\/reservations\/[^/]+\/commit$/,
  settle: /^\/v1\/reservations\/batch$/,
  authorize: /^\/v1\/payments$/,
  capture: /^\/v1\/payments\/[^/]+\/capture$/,
};

/** How much longer than the bound the soak waits for the drain before it reports what is stuck. */
const STUCK_AFTER_BOUND_MS = 40_000;
const DATABASE_PROXIES: StackLink[] = ['posCoreDatabase', 'inventoryDatabase', 'paymentDatabase'];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const startedAt = Date.now();
  const schedule = faultSchedule({ seed: options.seed, durationMs: options.durationMs });
  const consumerSchedule = consumerFaultSchedule({ seed: options.seed, durationMs: options.durationMs });
  const tillIds = Array.from({ length: options.tills }, (_, i) => `soak-till-${i + 1}`);
  const history = openSoakHistory(options.historyPath, startedAt);
  const bounds = { ...LIVENESS_BOUNDS, drainAfterHealMs: options.livenessBoundMs };
  history.write({ type: 'start', seed: options.seed, durationMs: options.durationMs, tills: tillIds, bounds });

  let started: SoakStack | null = null;
  let tillLink: FaultProxy | null = null;
  const tills: HeadlessTill[] = [];
  const consumerLog = `${options.historyPath}.consumers.log`;
  const consumerLogStream = createWriteStream(consumerLog, { flags: 'w' });
  try {
    const posCoreLog = `${options.historyPath}.pos-core.log`;
    const stack = await startSoakStack({
      seed: options.seed,
      tillIds,
      posCoreLog,
      log: (line) => consumerLogStream.write(`${line}\n`),
    });
    started = stack;
    const { posCore, consumers: consumerProcesses } = stack;
    history.write({ type: 'pos-core', event: 'started', pid: posCore.pid, logPath: posCoreLog });
    for (const name of CONSUMERS) history.write({ type: 'consumer', name, event: 'started', logPath: consumerLog });
    tillLink = await startFaultProxy({
      target: { host: '127.0.0.1', port: Number(new URL(posCore.url).port) },
      http: true,
      seed: options.seed,
    });
    for (const [i, terminalId] of tillIds.entries()) {
      tills.push(
        await HeadlessTill.open({
          terminalId,
          token: stack.terminalTokens[terminalId]!,
          baseUrl: tillLink.url,
          random: seededRandom(options.seed * 7919 + i),
          backoff: { baseMs: 200, capMs: 5_000 },
          requestTimeoutMs: 10_000,
          onHistory: (entry) => history.write(entry),
        }),
      );
    }
    for (const till of tills) till.start();
    const links: Record<LinkName, FaultProxy> = { till: tillLink, inventory: stack.proxies.inventory, payment: stack.proxies.payment };
    const faults = new Faults(links, stack, posCore, consumerProcesses, history, posCoreLog, consumerLog);
    const census = startCensus(stack, history);

    let selling = true;
    const sellers = tills.map((till, i) => sell(till, seededRandom(options.seed * 104_729 + i), () => selling));
    sellers.push(restock(stack, history, () => selling));
    // Each consumer's kills in order, beside the main schedule.
    const consumerKills = CONSUMERS.map(async (name) => {
      for (const slot of consumerSchedule.filter((s) => s.fault.kind === 'kill-consumer' && s.fault.consumer === name)) {
        await sleep(startedAt + slot.atMs - Date.now());
        options.log(`${((Date.now() - startedAt) / 1000).toFixed(0).padStart(5)} s  ${faultLabel(slot.fault)} for ${slot.durationMs} ms`);
        await faults.inject(slot);
      }
    });
    for (const slot of schedule) {
      await sleep(startedAt + slot.atMs - Date.now());
      options.log(`${((Date.now() - startedAt) / 1000).toFixed(0).padStart(5)} s  ${faultLabel(slot.fault)} for ${slot.durationMs} ms`);
      await faults.inject(slot);
    }
    await sleep(startedAt + options.durationMs - Date.now());
    selling = false;
    await Promise.all([...sellers, ...consumerKills]);
    history.write({ type: 'phase', phase: 'selling-stopped' });
    await faults.healAll();
    history.write({ type: 'phase', phase: 'all-healed' });

    const healedAt = Date.now();
    let drainMs: number | null = null;
    try {
      // Waits past the bound (the checker judges the time), to tell a slow drain from a stuck one.
      await waitUntil(
        async () => (await Promise.all(tills.map((t) => t.drained()))).every(Boolean) && (await pendingOrders(stack)) === 0,
        'every queue to drain and every saga to be final',
        options.livenessBoundMs + STUCK_AFTER_BOUND_MS,
      );
      drainMs = Date.now() - healedAt;
      history.write({ type: 'phase', phase: 'drained' });
    } catch {
      history.write({ type: 'phase', phase: 'drain-timed-out' });
      history.write({ type: 'stuck', ...(await stuckReport(stack.pools)) });
      options.log(`drain timed out: the history's "stuck" entry says what was left and why (POS Core's warnings: ${posCoreLog})`);
    }
    // Closing time: each till closes its shift and sends the close; every closed shift's Z is checked below.
    const closedShifts = (await Promise.all(tills.map((t) => t.closeShift()))).filter((id): id is string => id !== null);
    // A close that never arrives is not hidden: its shift's report stays provisional and the check names it.
    await waitUntil(
      async () => (await Promise.all(tills.map((t) => t.drained()))).every(Boolean),
      'every shift close to sync',
      30_000,
    ).catch(() => undefined);
    await census.stop();
    // What each till holds, read before its database closes with it.
    const tillSales = await Promise.all(tills.map((till) => till.sales()));
    for (const till of tills) await till.stop();
    const consumerCheck = await checkConsumers(consumerProcesses, bounds.consumersCaughtUpMs);
    history.write({ type: 'consumers', ...consumerCheck.census });
    const { violations: consumerViolations, ...consumerCensus } = consumerCheck.census;
    options.log(`consumers: ${JSON.stringify(consumerCensus)}`);
    await history.close();

    const entries = readSoakHistory(options.historyPath);
    const violations = [
      ...(await checkSoak(entries, stack.pools)),
      ...consumerCheck.violations,
      ...(await checkClosedShifts(stack.pools.posCore, closedShifts)),
    ];
    const byStatus: Partial<Record<SaleStatus, number>> = {};
    let cash = 0;
    let card = 0;
    for (const sales of tillSales) {
      for (const sale of sales) {
        byStatus[sale.status] = (byStatus[sale.status] ?? 0) + 1;
        if (sale.kind === 'cash') cash += 1;
        else card += 1;
      }
    }
    return {
      seed: options.seed,
      durationMs: Date.now() - startedAt,
      historyPath: options.historyPath,
      sales: { recorded: cash + card, cash, card, byStatus },
      requests: entries.filter((e) => e.type === 'request').length,
      faults: faults.applied,
      drainMs,
      consumers: consumerCensus,
      violations,
    };
  } finally {
    await Promise.all(tills.map((t) => t.stop()));
    await tillLink?.close();
    await started?.stop();
    await new Promise((resolve) => consumerLogStream.end(resolve));
    await history.close();
  }
}

/**
 * One till's cashier: a sale every 150–600 ms, 70 % cash, 30 % card (a few declined); 30 % ask for a
 * receipt email. Now and then (REFUND_SHARE) a customer brings back one unit of an earlier confirmed sale
 * instead: refunded to the card online, in cash offline (the checker's refund invariants cover them). A card sale is not waited for (the till charges it at a checkout of its own); when
 * the till refuses a card because POS Core is unreachable, the customer pays cash.
 */
async function sell(till: HeadlessTill, random: () => number, selling: () => boolean): Promise<void> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const refunded = new Set<string>();
  while (selling()) {
    await sleep(150 + random() * 450);
    const lines: LineSpec[] = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
      ...pick(PRODUCTS),
      quantity: 1 + Math.floor(random() * 2),
    }));
    const extras = random() < RECEIPT_SHARE ? { receiptEmail: `customer-${till.terminalId}-${till.recorded + 1}@example.com` } : {};
    if (random() < REFUND_SHARE) {
      // A customer brings back one unit of an earlier confirmed sale of this till (each sale at most once).
      const candidates = (await till.sales()).filter((x) => x.status === 'confirmed' && !refunded.has(x.id));
      const sale = candidates.length > 0 ? pick(candidates) : undefined;
      if (sale && (await till.refundOne(sale.id))) refunded.add(sale.id);
      continue;
    }
    if (random() < 0.7) await till.recordCash(lines, extras);
    else {
      const token = random() < 0.05 ? 'tok_declined' : 'tok_visa';
      // One card sale in four is paid by two cards (issue #18): the second may be the declined one.
      const card = random() < 0.25 ? ['tok_visa', token] : token;
      if (!(await till.chargeCard(lines, card, extras))) await till.recordCash(lines, extras);
    }
  }
}

/** The store's manager receives goods every few seconds (receipts count in G3 like sales). */
async function restock(stack: SoakStack, history: SoakHistoryWriter, selling: () => boolean): Promise<void> {
  while (selling()) {
    await sleep(4_000);
    for (const { productId } of PRODUCTS.filter((p) => p.productId !== 'p-limited-edition-mug')) {
      const key = uuidv7();
      const answer = await stack
        .callInventoryAsManager('POST', '/v1/stock/movements', {
          key,
          body: { productId, kind: 'receipt', quantity: 15, reason: 'soak restock' },
        })
        .catch(() => ({ status: 'network_error' as const }));
      history.write({ type: 'restock', productId, quantity: 15, key, outcome: answer.status });
    }
  }
}

/** Writes a census of the server side (soak-census.ts) to the history every 2 s until stopped. */
function startCensus(stack: SoakStack, history: SoakHistoryWriter): { stop(): Promise<void> } {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await sleep(2_000);
      if (stopped) break;
      const census = await soakCensus(stack.pools).catch(() => null);
      if (census) history.write({ type: 'census', ...census });
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

const pendingOrders = async (stack: SoakStack) =>
  (await stack.pools.posCore.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE status = 'pending'`)).rows[0]!.n;

/** Applies and heals the schedule's faults. */
class Faults {
  readonly applied: Record<string, number> = {};

  constructor(
    private readonly links: Record<LinkName, FaultProxy>,
    private readonly stack: SoakStack,
    private readonly posCore: PosCoreProcess,
    private readonly consumers: ConsumerControl,
    private readonly history: SoakHistoryWriter,
    private readonly posCoreLog: string,
    private readonly consumerLog: string,
  ) {}

  private async startConsumer(name: ConsumerName): Promise<void> {
    await this.consumers.start(name);
    this.history.write({ type: 'consumer', name, event: 'started', logPath: this.consumerLog });
  }

  private async startPosCore(): Promise<void> {
    await this.posCore.start();
    this.history.write({ type: 'pos-core', event: 'started', pid: this.posCore.pid, logPath: this.posCoreLog });
  }

  async inject({ fault, durationMs }: FaultSlot): Promise<void> {
    const label = faultLabel(fault);
    this.applied[label] = (this.applied[label] ?? 0) + 1;
    this.history.write({ type: 'fault', label, fault, durationMs });
    await this.apply(fault, durationMs);
    await this.heal(fault);
    this.history.write({ type: 'heal', label });
  }

  async healAll(): Promise<void> {
    for (const proxy of [...Object.values(this.links), ...DATABASE_PROXIES.map((p) => this.stack.proxies[p]!)]) {
      proxy.setFault({ kind: 'none' });
    }
    if (!this.posCore.running) await this.startPosCore();
    for (const name of CONSUMERS) if (!this.consumers.running(name)) await this.startConsumer(name);
  }

  private async apply(fault: ScheduledFault, durationMs: number): Promise<void> {
    switch (fault.kind) {
      case 'latency':
        this.links[fault.link].setFault({ kind: 'latency', ms: fault.ms, jitterMs: fault.ms / 2 });
        return sleep(durationMs);
      case 'blackhole':
      case 'reset':
      case 'partition':
        this.links[fault.link].setFault({ kind: fault.kind });
        return sleep(durationMs);
      case 'drop-response': {
        // One-shot: waits for the next matching request, at most the slot's duration.
        const dropped = this.links[fault.link].injectOnce({ method: 'POST', path: REQUESTS[fault.request] }, { kind: 'drop-response' });
        await Promise.race([dropped, sleep(durationMs)]);
        return;
      }
      case 'database-partition':
        this.stack.proxies[fault.database]!.setFault({ kind: 'partition' });
        return sleep(durationMs);
      case 'kill-pos-core': {
        const pid = this.posCore.pid;
        await this.posCore.kill();
        this.history.write({ type: 'pos-core', event: 'killed', pid, logPath: this.posCoreLog });
        return sleep(durationMs);
      }
      case 'restart':
        return this.stack.restartService(fault.service);
      case 'kill-consumer':
        await this.consumers.kill(fault.consumer);
        this.history.write({ type: 'consumer', name: fault.consumer, event: 'killed', logPath: this.consumerLog });
        return sleep(durationMs);
    }
  }

  private async heal(fault: ScheduledFault): Promise<void> {
    switch (fault.kind) {
      case 'latency':
      case 'blackhole':
      case 'reset':
      case 'partition':
        return this.links[fault.link].setFault({ kind: 'none' });
      case 'database-partition':
        return this.stack.proxies[fault.database]!.setFault({ kind: 'none' });
      case 'kill-pos-core':
        return this.startPosCore();
      case 'kill-consumer':
        return this.startConsumer(fault.consumer);
      case 'drop-response':
      case 'restart':
        return;
    }
  }
}
