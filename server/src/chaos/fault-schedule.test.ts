import { describe, expect, it } from 'vitest';
import { consumerFaultSchedule, faultLabel, faultSchedule } from './fault-schedule.ts';

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

  it('when drawn, then each consumer is killed 1–2 times a minute while sales flow, its kills not overlapping, the same for the same seed', () => {
    for (const [seed, durationMs] of [
      [178604305, 60_000],
      [101, 60_000],
      [7, 600_000],
    ] as const) {
      const slots = consumerFaultSchedule({ seed, durationMs });
      expect(consumerFaultSchedule({ seed, durationMs })).toEqual(slots);
      for (const consumer of ['kitchen', 'notification']) {
        const own = slots.filter((s) => s.fault.kind === 'kill-consumer' && s.fault.consumer === consumer);
        const minutes = Math.max(1, Math.floor(durationMs / 60_000));
        expect(own.length).toBeGreaterThanOrEqual(minutes);
        expect(own.length).toBeLessThanOrEqual(2 * minutes);
        for (let i = 1; i < own.length; i++) expect(own[i]!.atMs).toBeGreaterThan(own[i - 1]!.atMs + own[i - 1]!.durationMs);
        for (const s of own) {
          expect(s.atMs).toBeGreaterThanOrEqual(0.1 * durationMs);
          expect(s.atMs + s.durationMs).toBeLessThanOrEqual(0.8 * durationMs);
        }
      }
    }
    expect(consumerFaultSchedule({ seed: 101, durationMs: 60_000 })).not.toEqual(consumerFaultSchedule({ seed: 202, durationMs: 60_000 }));
  });
});
