import { describe, expect, it } from 'vitest';
import { TillDatabase } from '../db/till-database.ts';
import { openAcknowledgedShift, recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';
import type { SaleCounts } from './count-sales.ts';
import { settleSales } from './settle-sales.ts';
import { watchSaleCounts } from './watch-sale-counts.ts';

describe('watchSaleCounts', () => {
  it('when a burst of sales is recorded and settled from another connection, then the counts end on the true figures, and stop when asked', async () => {
    const terminalId = uniqueTerminalId('counts');
    const db = new TillDatabase(terminalId);
    await db.open();
    const other = new TillDatabase(terminalId);
    await other.open();
    await openAcknowledgedShift(other, terminalId); // one confirmed record before the burst
    const seen: SaleCounts[] = [];
    let oldest: string | null | undefined;
    const stop = watchSaleCounts(db, (counts, oldestUnsentAt) => {
      seen.push(counts);
      oldest = oldestUnsentAt;
    });
    await waitFor(() => seen.length > 0, 'first counts');
    expect(seen[0]?.queued).toBe(0);
    expect(oldest).toBeNull();

    const sales = [];
    for (let i = 0; i < 40; i++) sales.push(await recordCash(other, terminalId));
    await settleSales(other, new Map(sales.slice(0, 15).map((s) => [s.id, { status: 'confirmed' as const }])));
    await waitFor(() => seen.at(-1)?.confirmed === 16 && seen.at(-1)?.queued === 25, 'counts of 25 queued and 15 + 1 confirmed');
    // The oldest sale still waiting is the first one not confirmed.
    expect(oldest).toBe(sales[15]?.createdAt);

    // A second watcher on the same connection stays on: once it has seen the next sale, the stopped
    // one would have been told too.
    const control: SaleCounts[] = [];
    const stopControl = watchSaleCounts(db, (counts) => control.push(counts));
    await waitFor(() => control.at(-1)?.queued === 25, 'the control watcher to start');
    stop();
    const after = seen.length;
    await recordCash(other, terminalId);
    await waitFor(() => control.at(-1)?.queued === 26, 'the control watcher to see the next sale');
    expect(seen).toHaveLength(after);
    stopControl();
    other.close();
    db.close();
  });
});
