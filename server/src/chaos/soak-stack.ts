/**
 * The soak's stack: Inventory and Payment in-process (testing/test-stack.ts: restarted in
 * milliseconds, as the schedule's restarts assume) behind a fault proxy each, and — started by the
 * stack launcher in one call — POS Core (from the chaos entry pos-core-child-main.ts, which knows the
 * soak's tills, so a fault can SIGKILL it) and the two event-bus consumers as processes, with the
 * local mail server the notification service sends to. Every service reaches its PostgreSQL through a
 * fault proxy; the consumers read the outbox feeds, and the assertion pools the databases, directly.
 */
import { fileURLToPath } from 'node:url';
import { DEMO_TENANT_ID } from '@pos/shared/demo';
import type { StaticCredential } from '../common/auth.ts';
import { launchStack, type StackLink } from '../stack/launch-stack.ts';
import type { ServiceAnswer, ServiceCallOptions } from '../testing/call-service.ts';
import type { FaultProxy } from '../testing/fault-proxy.ts';
import type { InvariantPools } from '../testing/invariants.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { type StackTokens, startTestStack } from '../testing/test-stack.ts';
import { type ConsumerControl, consumerControlOf } from './consumer-processes.ts';
import type { PosCoreChildSpec } from './pos-core-child-main.ts';
import { type PosCoreProcess, posCoreProcessOf } from './pos-core-process.ts';

export interface SoakStackOptions {
  /** Seed of the proxies' latency jitter. */
  seed: number;
  /** The soak's tills (each gets a token of the demo store). */
  tillIds: readonly string[];
  /** POS Core's warnings go here. */
  posCoreLog: string;
  /** The other processes' output (the consumers' warnings), one line at a time. */
  log: (line: string) => void;
}

export interface SoakStack {
  readonly tokens: StackTokens;
  readonly terminalTokens: Readonly<Record<string, string>>;
  /** The three services' databases, directly (not through the proxies). */
  readonly pools: InvariantPools;
  readonly proxies: Readonly<Record<StackLink, FaultProxy>>;
  readonly posCore: PosCoreProcess;
  readonly consumers: ConsumerControl;
  /** Stops Inventory or Payment and starts it again on the same port and database. */
  restartService(service: 'inventory' | 'payment'): Promise<void>;
  /** Calls Inventory as the demo store's manager. */
  callInventoryAsManager(method: string, path: string, options?: Omit<ServiceCallOptions, 'token'>): Promise<ServiceAnswer>;
  stop(): Promise<void>;
}

const DATABASE_LINKS = ['posCoreDatabase', 'inventoryDatabase', 'paymentDatabase'] as const;

export async function startSoakStack(options: SoakStackOptions): Promise<SoakStack> {
  const stack = await startTestStack({
    faultProxies: ['inventory', 'payment', ...DATABASE_LINKS],
    faultProxySeed: options.seed,
    terminals: options.tillIds,
  });
  // POS Core runs as a process instead (below), on the same database through the same proxy.
  await stack.stopPosCore();
  const proxies = stack.proxies as Record<StackLink, FaultProxy>;
  const credentials: StaticCredential[] = [
    { token: stack.tokens.service, kind: 'service', tenantId: null, subject: 'pos-core' },
    { token: stack.tokens.manager, kind: 'manager', tenantId: DEMO_TENANT_ID, subject: 'demo-manager' },
    ...options.tillIds.map((id) => ({
      token: stack.terminalTokens[id]!,
      kind: 'terminal' as const,
      tenantId: DEMO_TENANT_ID,
      subject: id,
    })),
  ];
  const posCore: PosCoreChildSpec = {
    credentials,
    options: { sagaRetryDeadlineMs: 30_000, recoveryIntervalMs: 200, leaseMs: 2_000, eventRelayIntervalMs: 200 },
    logFile: options.posCoreLog,
  };
  const [kitchenDb, notificationDb] = await Promise.all([createTestDatabase('soak_kitchen'), createTestDatabase('soak_notification')]);
  const processes = await launchStack({
    services: ['pos-core', 'kitchen', 'notification'],
    databaseUrls: {
      'pos-core': stack.databaseUrls.posCore,
      inventory: stack.databaseUrls.inventory,
      payment: stack.databaseUrls.payment,
      kitchen: kitchenDb.url,
      notification: notificationDb.url,
    },
    urls: { inventory: proxies.inventory.url, payment: proxies.payment.url },
    interpose: async (link, target) => {
      if (link !== 'posCoreDatabase') return target;
      const url = new URL(target);
      url.hostname = '127.0.0.1';
      url.port = String(proxies.posCoreDatabase.port);
      return url.toString();
    },
    tokens: { service: stack.tokens.service, terminal: stack.tokens.terminal, manager: stack.tokens.manager },
    logLevel: 'warn',
    log: options.log,
    env: { BUS_TAKEOVER_MS: '1000', REDIS_URL: '' },
    entries: { 'pos-core': fileURLToPath(new URL('./pos-core-child-main.ts', import.meta.url)) },
    serviceEnv: { 'pos-core': { POS_CHAOS_POS_CORE: JSON.stringify(posCore) } },
  }).catch(async (error: unknown) => {
    await Promise.all([kitchenDb.drop(), notificationDb.drop(), stack.stop()]);
    throw error;
  });
  return {
    tokens: stack.tokens,
    terminalTokens: stack.terminalTokens,
    pools: stack.pools,
    proxies,
    posCore: posCoreProcessOf(processes),
    consumers: consumerControlOf(processes, { posCore: stack.pools.posCore, inventory: stack.pools.inventory, kitchen: kitchenDb.pool }),
    restartService: (service) => stack.restartService(service),
    callInventoryAsManager: (method, path, callOptions = {}) => stack.call('inventory', method, path, { ...callOptions, as: 'manager' }),
    async stop() {
      await processes.stop();
      await Promise.all([kitchenDb.drop(), notificationDb.drop()]);
      await stack.stop();
    },
  };
}
