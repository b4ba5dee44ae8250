/**
 * A fault-injection proxy for tests: a TCP proxy put between any two parties (till → POS Core,
 * POS Core → Inventory / Payment, a service → its PostgreSQL) that can delay, swallow, reset or
 * cut their traffic on command. Protocol-agnostic; with `http: true` it also splits the client's
 * stream into HTTP/1.1 requests (http-request-splitter.ts) so `injectOnce` can target one request.
 *
 * A fault is looked up per chunk as it reaches the proxy, so `setFault` applies to new traffic at
 * once; chunks already queued (latency) keep their due time. What each fault does:
 *
 * - none:          forward.
 * - latency:       every chunk, both directions, is delivered `ms` (+ seeded jitter) later, order kept.
 * - blackhole:     bytes are swallowed and nothing answers. A connection that lost bytes, or was
 *                  accepted during the black hole, stays one until a side closes it (its stream is
 *                  broken); connections opened after the fault lifts work.
 * - reset:         every connection, existing or new, is reset (RST) when seen.
 * - drop-response: the client's bytes reach upstream; the first upstream bytes after them are
 *                  swallowed and both connections are destroyed — the side effect happened, the
 *                  answer was lost. For PostgreSQL: the query runs, the client sees the connection die.
 * - partition:     existing connections are destroyed when it is set; new ones are closed on accept.
 *
 * Limits: no backpressure (everything is buffered in memory; tests move small payloads); with
 * `http: true`, pipelined requests are not told apart on the way back, so a dropped response also
 * loses any earlier response still pending on that connection (fetch/undici does not pipeline).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { HttpRequestSplitter, type RequestHead } from './http-request-splitter.ts';
import { seededRandom } from './seeded-random.ts';

export type Fault =
  | { kind: 'none' }
  | { kind: 'latency'; ms: number; jitterMs?: number }
  | { kind: 'blackhole' }
  | { kind: 'reset' }
  | { kind: 'drop-response' }
  | { kind: 'partition' };

export interface RequestMatch {
  /** Compared case-insensitively; any method when absent. */
  method?: string;
  /** Tested against the request target as sent (path and query); any when absent. */
  path?: RegExp;
}

export interface FaultProxyStats {
  /** Connections accepted since start, including refused and reset ones. */
  connections: number;
  /** Connections currently proxied. */
  openConnections: number;
  /** Bytes delivered client → upstream. */
  bytesUp: number;
  /** Bytes delivered upstream → client. */
  bytesDown: number;
  /** Per fault kind: how many connections it acted on (for `injectOnce`: how many requests). */
  faultsApplied: Record<string, number>;
}

export interface FaultProxy {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Applies to new traffic immediately; 'reset' and 'partition' also cut existing connections. */
  setFault(fault: Fault): void;
  /**
   * One-shot (needs `http: true`): the next HTTP request matching `match` gets `fault` — for the
   * request and its response — and later requests get the current fault again. Resolves once the
   * fault acted: for 'drop-response' when the response was swallowed and the connection cut (or the
   * connection closed first), for the others when the request was seen. Injections are matched in
   * the order they were made; one that never matches stays pending, also after `close()`.
   */
  injectOnce(match: RequestMatch, fault: Fault): Promise<void>;
  stats(): FaultProxyStats;
  /** Stops listening and destroys every proxied connection. */
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  target: { host: string; port: number };
  /** 0 (any free port) when absent. The proxy listens on 127.0.0.1. */
  listenPort?: number;
  /** Parse client bytes as HTTP/1.1 requests (required by `injectOnce`). */
  http?: boolean;
  /** Seed of the latency jitter, so a run can be replayed. Default 1. */
  seed?: number;
}

interface Injection {
  match: RequestMatch;
  fault: Fault;
  resolve: () => void;
}

/** What a connection needs from its proxy. */
interface ProxyCore {
  readonly fault: Fault;
  readonly target: { host: string; port: number };
  readonly http: boolean;
  delayOf(fault: { ms: number; jitterMs?: number }): number;
  takeInjection(head: RequestHead): Injection | null;
  count(kind: Fault['kind']): void;
  delivered(direction: 'up' | 'down', bytes: number): void;
  forget(link: Link): void;
}

function resetSocket(socket: Socket) {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

const ignore = () => {};

/** Delivers chunks to one side in arrival order, each not before its due time. */
class DelayLane {
  private readonly queue: Array<{ bytes: Buffer; due: number }> = [];
  private timer: NodeJS.Timeout | null = null;
  private lastDue = 0;
  private ending = false;

  constructor(
    private readonly deliver: (bytes: Buffer) => void,
    private readonly finish: () => void,
  ) {}

  push(bytes: Buffer, delayMs: number) {
    const due = Math.max(Date.now() + delayMs, this.lastDue);
    this.lastDue = due;
    this.queue.push({ bytes, due });
    this.drain();
  }

  /** The source ended: finish the destination once everything queued is delivered. */
  end() {
    this.ending = true;
    this.drain();
  }

  clear() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
    this.ending = false;
  }

  private drain() {
    if (this.timer) return;
    const now = Date.now();
    while (this.queue.length > 0 && this.queue[0]!.due <= now) this.deliver(this.queue.shift()!.bytes);
    const next = this.queue[0];
    if (next) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.drain();
      }, next.due - now);
    } else if (this.ending) {
      this.ending = false;
      this.finish();
    }
  }
}

/**
 * One client connection and its upstream connection. Both are half-open capable: an end on one
 * side is passed on after the queued bytes; a side that vanishes (error, close without end) takes
 * the other with it.
 */
class Link {
  private upstream: Socket | null = null;
  private readonly splitter: HttpRequestSplitter | null;
  private readonly up: DelayLane;
  private readonly down: DelayLane;
  /** Lost bytes to a black hole: forwards nothing for the rest of its life. */
  private poisoned = false;
  /** Set once client bytes went up under 'drop-response': the next upstream bytes are swallowed. */
  private dropArmedBy: Fault | null = null;
  /** The one-shot fault of the current HTTP request, if it matched an injection. */
  private requestFault: Fault | null = null;
  private requestSeq = 0;
  private readonly acted = new Set<string>();
  private readonly onFinished: Array<() => void> = [];
  private clientEnded = false;
  private clientClosed = false;
  private upstreamEnded = false;
  private upstreamClosed = false;
  private finished = false;

  constructor(
    private readonly proxy: ProxyCore,
    private readonly client: Socket,
  ) {
    this.splitter = proxy.http ? new HttpRequestSplitter() : null;
    this.up = new DelayLane(
      (bytes) => {
        this.upstream?.write(bytes);
        this.proxy.delivered('up', bytes.length);
      },
      () => this.upstream?.end(),
    );
    this.down = new DelayLane(
      (bytes) => {
        this.client.write(bytes);
        this.proxy.delivered('down', bytes.length);
      },
      () => this.client.end(),
    );
    client.setNoDelay(true);
    client.on('error', ignore);
    client.on('data', (chunk: Buffer) => this.fromClient(chunk));
    client.on('end', () => {
      this.clientEnded = true;
      if (this.finished) return;
      if (this.poisoned) return this.abort();
      for (const segment of this.splitter?.flush() ?? []) this.forwardUp(segment.bytes);
      this.up.end();
    });
    client.on('close', (hadError) => {
      this.clientClosed = true;
      if (hadError || !this.clientEnded) this.abort();
      else this.finishIfDone();
    });
  }

  /** Connects upstream, unless the connection was accepted into a black hole. */
  start(fault: Fault) {
    if (fault.kind === 'blackhole') return this.poison(fault);
    const upstream = createConnection({ ...this.proxy.target, allowHalfOpen: true });
    this.upstream = upstream;
    upstream.setNoDelay(true);
    upstream.on('error', ignore);
    upstream.on('data', (chunk: Buffer) => this.fromUpstream(chunk));
    upstream.on('end', () => {
      this.upstreamEnded = true;
      if (this.poisoned) return;
      if (this.dropArmedBy) return this.dropResponse(this.dropArmedBy);
      this.down.end();
    });
    upstream.on('close', (hadError) => {
      this.upstreamClosed = true;
      if (hadError || !this.upstreamEnded) this.abort();
      else this.finishIfDone();
    });
  }

  reset(fault: Fault) {
    this.act(fault);
    resetSocket(this.client);
    if (this.upstream) resetSocket(this.upstream);
    this.abort();
  }

  cut(fault: Fault) {
    this.act(fault);
    this.abort();
  }

  /** Destroys both sides now, discarding whatever is queued. */
  abort() {
    this.up.clear();
    this.down.clear();
    this.client.destroy();
    this.upstream?.destroy();
    this.finish();
  }

  private fromClient(chunk: Buffer) {
    if (this.finished || this.poisoned) return;
    const segments = this.splitter ? this.splitter.push(chunk) : [{ bytes: chunk }];
    for (const segment of segments) {
      if (this.finished || this.poisoned) return;
      const applied = segment.head ? this.beginRequest(segment.head) : null;
      this.forwardUp(segment.bytes);
      applied?.();
    }
  }

  /** Picks the request's one-shot fault; returns the resolver to call once it was applied. */
  private beginRequest(head: RequestHead): (() => void) | null {
    this.requestSeq += 1;
    const injection = this.proxy.takeInjection(head);
    this.requestFault = injection?.fault ?? null;
    if (!injection) return null;
    if (injection.fault.kind === 'drop-response') {
      this.onFinished.push(injection.resolve);
      return null;
    }
    return injection.resolve;
  }

  private forwardUp(bytes: Buffer) {
    const fault = this.currentFault();
    switch (fault.kind) {
      case 'none':
        return this.up.push(bytes, 0);
      case 'latency':
        this.act(fault);
        return this.up.push(bytes, this.proxy.delayOf(fault));
      case 'drop-response':
        this.dropArmedBy = fault;
        return this.up.push(bytes, 0);
      case 'blackhole':
        return this.poison(fault);
      case 'reset':
        return this.reset(fault);
      case 'partition':
        return this.cut(fault);
    }
  }

  private fromUpstream(chunk: Buffer) {
    if (this.finished || this.poisoned) return;
    if (this.dropArmedBy) return this.dropResponse(this.dropArmedBy);
    const fault = this.currentFault();
    switch (fault.kind) {
      case 'none':
      case 'drop-response':
        return this.down.push(chunk, 0);
      case 'latency':
        this.act(fault);
        return this.down.push(chunk, this.proxy.delayOf(fault));
      case 'blackhole':
        return this.poison(fault);
      case 'reset':
        return this.reset(fault);
      case 'partition':
        return this.cut(fault);
    }
  }

  private dropResponse(fault: Fault) {
    this.act(fault);
    this.abort();
  }

  private poison(fault: Fault) {
    this.act(fault);
    this.poisoned = true;
    this.up.clear();
    this.down.clear();
  }

  private currentFault(): Fault {
    return this.requestFault ?? this.proxy.fault;
  }

  /** Counts a fault once per connection, or once per request for a one-shot fault. */
  private act(fault: Fault) {
    const key = fault === this.requestFault ? `${fault.kind}#${this.requestSeq}` : fault.kind;
    if (this.acted.has(key)) return;
    this.acted.add(key);
    this.proxy.count(fault.kind);
  }

  private finishIfDone() {
    if (this.clientClosed && (this.upstreamClosed || !this.upstream)) this.finish();
  }

  private finish() {
    if (this.finished) return;
    this.finished = true;
    this.proxy.forget(this);
    for (const resolve of this.onFinished.splice(0)) resolve();
  }
}

class FaultProxyServer implements FaultProxy, ProxyCore {
  fault: Fault = { kind: 'none' };
  readonly http: boolean;
  readonly target: { host: string; port: number };
  private readonly links = new Set<Link>();
  private readonly injections: Injection[] = [];
  private readonly random: () => number;
  private readonly counters = { connections: 0, bytesUp: 0, bytesDown: 0, faultsApplied: {} as Record<string, number> };

  constructor(
    private readonly server: Server,
    options: FaultProxyOptions,
  ) {
    this.http = options.http ?? false;
    this.target = { host: options.target.host, port: options.target.port };
    this.random = seededRandom(options.seed ?? 1);
    server.on('connection', (socket) => this.accept(socket));
  }

  get port(): number {
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('fault proxy is not listening');
    return address.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  setFault(fault: Fault): void {
    this.fault = fault;
    if (fault.kind === 'reset') for (const link of [...this.links]) link.reset(fault);
    if (fault.kind === 'partition') for (const link of [...this.links]) link.cut(fault);
  }

  injectOnce(match: RequestMatch, fault: Fault): Promise<void> {
    if (!this.http) throw new Error('injectOnce needs a fault proxy started with http: true');
    return new Promise((resolve) => this.injections.push({ match, fault, resolve }));
  }

  stats(): FaultProxyStats {
    return { ...this.counters, openConnections: this.links.size, faultsApplied: { ...this.counters.faultsApplied } };
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const link of [...this.links]) link.abort();
    await closed;
  }

  delayOf(fault: { ms: number; jitterMs?: number }): number {
    return fault.ms + (fault.jitterMs ? this.random() * fault.jitterMs : 0);
  }

  takeInjection(head: RequestHead): Injection | null {
    const index = this.injections.findIndex(({ match }) => {
      if (match.method && match.method.toUpperCase() !== head.method.toUpperCase()) return false;
      if (!match.path) return true;
      match.path.lastIndex = 0;
      return match.path.test(head.target);
    });
    return index < 0 ? null : this.injections.splice(index, 1)[0]!;
  }

  count(kind: Fault['kind']): void {
    this.counters.faultsApplied[kind] = (this.counters.faultsApplied[kind] ?? 0) + 1;
  }

  delivered(direction: 'up' | 'down', bytes: number): void {
    if (direction === 'up') this.counters.bytesUp += bytes;
    else this.counters.bytesDown += bytes;
  }

  forget(link: Link): void {
    this.links.delete(link);
  }

  private accept(client: Socket) {
    this.counters.connections += 1;
    client.on('error', ignore);
    const fault = this.fault;
    if (fault.kind === 'reset' || fault.kind === 'partition') {
      this.count(fault.kind);
      if (fault.kind === 'reset') resetSocket(client);
      else client.destroy();
      return;
    }
    const link = new Link(this, client);
    this.links.add(link);
    link.start(fault);
  }
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const server = createServer({ allowHalfOpen: true });
  const proxy = new FaultProxyServer(server, options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return proxy;
}
