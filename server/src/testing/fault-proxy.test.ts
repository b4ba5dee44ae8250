import { Agent, createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';

/** The upstream: answers every request with what it received, and remembers it. */
interface Received {
  method: string;
  url: string;
  body: string;
  /** The proxy's upstream socket port: the same value means the same client connection. */
  via: number;
}

let upstream: Server;
let received: Received[];
let proxy: FaultProxy;

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
};

beforeAll(async () => {
  upstream = createServer(async (req, res) => {
    const body = await readBody(req);
    received.push({ method: req.method ?? '', url: req.url ?? '', body, via: req.socket.remotePort ?? 0 });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ n: received.length, url: req.url, body }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

beforeEach(async () => {
  received = [];
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port }, http: true });
});
afterEach(() => proxy.close());

const get = (path: string) => fetch(`${proxy.url}${path}`, { signal: AbortSignal.timeout(2000) });
const post = (path: string, body: unknown) =>
  fetch(`${proxy.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(2000),
  });
/** node:http through one keep-alive socket, so tests can tell which requests shared a connection. */
const viaOneSocket = () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method: string, path: string, bodyParts: string[] = []) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${proxy.url}${path}`, { method, agent, timeout: 2000 }, async (res) => {
        resolve({ status: res.statusCode ?? 0, body: await readBody(res) });
      });
      req.on('error', reject);
      for (const part of bodyParts) req.write(part); // no Content-Length: chunked when there is a body
      req.end();
    });
  return { send, close: () => agent.destroy() };
};
const waitFor = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('fault proxy', () => {
  it('when there is no fault, then requests and answers pass unchanged', async () => {
    const res = await post('/v1/echo', { a: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ n: 1, url: '/v1/echo', body: '{"a":1}' });
    expect(received).toHaveLength(1);
    const stats = proxy.stats();
    expect(stats.connections).toBe(1);
    expect(stats.bytesUp).toBeGreaterThan(0);
    expect(stats.bytesDown).toBeGreaterThan(0);
    expect(stats.faultsApplied).toEqual({});
  });

  it('when latency is set, then each answer takes at least that long and still arrives', async () => {
    await (await get('/warm')).text();
    proxy.setFault({ kind: 'latency', ms: 80, jitterMs: 20 });
    const started = performance.now();
    const res = await get('/slow');
    expect(await res.json()).toMatchObject({ url: '/slow' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(80);
    expect(proxy.stats().faultsApplied.latency).toBe(1);
  });

  it('when the target is a black hole, then the client times out and upstream sees nothing', async () => {
    proxy.setFault({ kind: 'blackhole' });
    await expect(fetch(`${proxy.url}/lost`, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(received).toHaveLength(0);
    expect(proxy.stats().faultsApplied.blackhole).toBeGreaterThanOrEqual(1);
  });

  it('when connections are reset, then the client fails and upstream sees nothing', async () => {
    await (await get('/warm')).text();
    proxy.setFault({ kind: 'reset' });
    await expect(get('/reset')).rejects.toThrow('fetch failed');
    expect(received.map((r) => r.url)).toEqual(['/warm']);
    expect(proxy.stats().faultsApplied.reset).toBeGreaterThanOrEqual(1);
  });

  it('when the response is dropped, then the client fails but upstream did the work', async () => {
    proxy.setFault({ kind: 'drop-response' });
    await expect(post('/v1/orders', { id: 'o1' })).rejects.toThrow('fetch failed');
    expect(received).toEqual([expect.objectContaining({ method: 'POST', url: '/v1/orders', body: '{"id":"o1"}' })]);
    expect(proxy.stats().faultsApplied['drop-response']).toBe(1);
  });

  it('when partitioned, then requests fail, and when healed, then they work again', async () => {
    await (await get('/before')).text();
    expect(proxy.stats().openConnections).toBe(1);
    proxy.setFault({ kind: 'partition' });
    expect(proxy.stats().openConnections).toBe(0);
    await expect(get('/during')).rejects.toThrow('fetch failed');
    proxy.setFault({ kind: 'none' });
    expect(await (await get('/after')).json()).toMatchObject({ url: '/after' });
    expect(received.map((r) => r.url)).toEqual(['/before', '/after']);
  });

  it('when one request is targeted, then only its response is lost and the same connection served the others', async () => {
    const client = viaOneSocket();
    const applied = proxy.injectOnce({ method: 'POST', path: /^\/v1\/x$/ }, { kind: 'drop-response' });
    expect(await client.send('GET', '/v1/x')).toMatchObject({ status: 200 }); // a GET does not match
    expect(await client.send('POST', '/v1/y', ['{"b":1}'])).toMatchObject({ status: 200 }); // nor another path
    await expect(client.send('POST', '/v1/x', ['{"c":1}'])).rejects.toThrow('socket hang up');
    await applied;
    expect(await client.send('POST', '/v1/x', ['{"c":2}'])).toMatchObject({ status: 200 }); // one-shot
    client.close();
    expect(received.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      'GET /v1/x ',
      'POST /v1/y {"b":1}',
      'POST /v1/x {"c":1}',
      'POST /v1/x {"c":2}',
    ]);
    const [first, second, dropped] = received;
    expect(new Set([first!.via, second!.via, dropped!.via]).size).toBe(1);
    expect(proxy.stats().faultsApplied).toEqual({ 'drop-response': 1 });
  });

  it('when fetch sends requests through its pool and one is targeted, then the others still get answers', async () => {
    const applied = proxy.injectOnce({ method: 'POST', path: /^\/v1\/x$/ }, { kind: 'drop-response' });
    const results = await Promise.allSettled([get('/a'), post('/v1/x', { c: 1 }), get('/b'), post('/v1/y', {})]);
    await applied;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(received.map((r) => r.url).sort()).toEqual(['/a', '/b', '/v1/x', '/v1/y']);
    expect(await (await get('/c')).json()).toMatchObject({ url: '/c' });
  });

  it('when a chunked request body precedes the targeted request, then the request boundaries are still found', async () => {
    const client = viaOneSocket();
    const applied = proxy.injectOnce({ path: /\/v1\/x/ }, { kind: 'drop-response' });
    // The body's first chunk looks like a request line: only body framing tells it apart.
    const streamed = await client.send('POST', '/v1/upload', ['POST /v1/x HTTP/1.1\r\n\r\n', '{"part":2}']);
    expect(streamed).toMatchObject({ status: 200 });
    await expect(client.send('POST', '/v1/x', ['{}'])).rejects.toThrow('socket hang up');
    await applied;
    client.close();
    expect(received.map((r) => r.url)).toEqual(['/v1/upload', '/v1/x']);
    expect(received[0]!.body).toBe('POST /v1/x HTTP/1.1\r\n\r\n{"part":2}');
    expect(received[0]!.via).toBe(received[1]!.via);
  });

  it('when a one-shot latency is injected, then only the matching request is delayed', async () => {
    const applied = proxy.injectOnce({ path: /^\/slow$/ }, { kind: 'latency', ms: 100 });
    const finished: string[] = [];
    const timed = async (path: string) => {
      const started = performance.now();
      await (await get(path)).text();
      finished.push(path);
      return performance.now() - started;
    };
    const [slow] = await Promise.all([timed('/slow'), timed('/fast')]);
    expect(slow).toBeGreaterThanOrEqual(100);
    expect(finished).toEqual(['/fast', '/slow']);
    await applied;
    expect(proxy.stats().faultsApplied).toEqual({ latency: 1 });
  });

  it('when the proxy closes with open connections, then they are cut and close resolves', async () => {
    await (await get('/open')).text();
    await waitFor(() => proxy.stats().openConnections === 1);
    await proxy.close();
    expect(proxy.stats().openConnections).toBe(0);
    proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port } });
  });

  it('when injectOnce is used without http parsing, then it refuses', async () => {
    const tcp = await startFaultProxy({ target: { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port } });
    expect(() => tcp.injectOnce({}, { kind: 'reset' })).toThrow('http: true');
    await tcp.close();
  });
});
