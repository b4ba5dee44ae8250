import { describe, expect, it } from 'vitest';
import { faultLabel, faultSchedule } from './fault-schedule.ts';

describe('the soak fault schedule', () => {
  it('when the same seed is given twice, then the same faults come at the same offsets against the same parties', () => {
    const a = faultSchedule({ seed: 1234, durationMs: 600_000 });
    const b = faultSchedule({ seed: 1234, durationMs: 600_000 });
    expect(b).toEqual(a);
    expect(faultSchedule({ seed: 1235, durationMs: 600_000 })).not.toEqual(a);
  });

  it('when drawn for a long soak, then faults do not overlap, end within the duration and cover every kind and party', () => {
    const slots = faultSchedule({ seed: 7, durationMs: 600_000 });
    for (let i = 1; i < slots.length; i++) expect(slots[i]!.atMs).toBeGreaterThan(slots[i - 1]!.atMs + slots[i - 1]!.durationMs);
    const last = slots.at(-1)!;
    expect(last.atMs + last.durationMs).toBeLessThanOrEqual(600_000);
    const kinds = new Set(slots.map((s) => s.fault.kind));
    expect([...kinds].sort()).toEqual(
      ['blackhole', 'database-partition', 'drop-response', 'kill-pos-core', 'latency', 'partition', 'reset', 'restart'].sort(),
    );
    const labels = new Set(slots.map((s) => faultLabel(s.fault)));
    for (const label of [
      'partition:till',
      'partition:inventory',
      'partition:payment',
      'database-partition:posCoreDatabase',
      'database-partition:inventoryDatabase',
      'database-partition:paymentDatabase',
      'restart:inventory',
      'restart:payment',
    ]) {
      expect(labels).toContain(label);
    }
  });
});
