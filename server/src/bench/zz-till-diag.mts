// TEMPORARY diagnostic (till-perf helper); deleted after use.
import { DEMO_TENANT_ID, DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { startBenchStack } from './bench-stack.ts';
import { installFakeIndexedDb } from './install-fake-indexeddb.ts';
import { seedProducts } from './seed-products.ts';

installFakeIndexedDb();
const till = await import('./till-scenarios.ts');
const { SyncEngine } = await import('../../../terminal/src/sync/sync-engine.ts');
const origStart = SyncEngine.prototype.start;
SyncEngine.prototype.start = function (this: InstanceType<typeof SyncEngine>) {
  const t0 = Date.now();
  let last = '';
  this.subscribe(() => {
    const s = this.getSnapshot();
    const line = `${s.state} ${JSON.stringify(s.counts)} ${s.recentErrors[0]?.message ?? ''}`;
    if (line !== last) {
      last = line;
      console.log(Date.now() - t0, line.slice(0, 300));
    }
  });
  return origStart.call(this);
};
const stack = await startBenchStack({ logLevel: 'warn' });
try {
  const products = await seedProducts(stack.urls.inventory, stack.tokens.manager, 300);
  const r = await till.backlogDrain({
    sales: Number(process.argv[2] ?? 2000),
    firstSeq: 1,
    terminalId: DEMO_TERMINAL_ID,
    posCoreUrl: stack.urls['pos-core'],
    token: stack.tokens.terminal,
    posCoreDatabaseUrl: await stack.databaseUrl('pos_core'),
    tenantId: DEMO_TENANT_ID,
    products,
    log: console.log,
  });
  console.log('RESULT', r.drainMs, r.salesPerSecond);
} finally {
  await stack.stop();
}
