/// <reference types="node" />
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerReachability } from '../api/server-reachability.ts';
import { fixedCredentials } from '../api/till-credentials.ts';
import { waitFor } from '../testing/wait-for.ts';
import { EventStream } from './event-stream.ts';

/** A real HTTP server holding each `GET /v1/events` open (a heartbeat comment, nothing more) until the test ends it. */
async function startFeed() {
  const open: ServerResponse[] = [];
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.write(': hello\n\n');
    open.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    open,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/**
 * A feed and a stream reading it, telling a reachability that is not started: no periodic probe runs,
 * so only the stream changes its state (`probes` counts the probes the stream asked for).
 */
async function openStream() {
  const feed = await startFeed();
  let probeCount = 0;
  const reachability = new ServerReachability({
    probe: async () => {
      probeCount += 1;
      return true;
    },
  });
  const stream = new EventStream({ baseUrl: feed.url, credentials: fixedCredentials('t'), reachability, onEvent: () => {} });
  stream.start();
  cleanup = async () => {
    stream.stop();
    await feed.close().catch(() => {});
  };
  return { feed, reachability, probes: () => probeCount };
}

describe('EventStream and reachability', () => {
  it('when the stream opens, then the server is reachable; when its connection breaks, then it is unreachable at once, without waiting for a probe', async () => {
    const { feed, reachability, probes } = await openStream();
    await waitFor(() => reachability.getSnapshot().state === 'online', 'online once the stream opened');

    feed.open[0]?.socket?.destroy();
    await feed.close();
    await waitFor(() => reachability.getSnapshot().state === 'offline', 'offline once the stream broke');
    expect(probes()).toBe(0);
  });

  it('when the server ends the stream cleanly, then the till asks a probe instead of assuming the worst', async () => {
    const { feed, reachability, probes } = await openStream();
    await waitFor(() => feed.open.length === 1, 'stream open');
    feed.open[0]?.end();
    await waitFor(() => probes() > 0, 'a probe after the clean end');
    expect(reachability.getSnapshot().state).toBe('online');
  });
});
