import { describe, expect, it } from 'vitest';
import { formatTillSyncReport, tillSyncHeader } from './till-sync-report.ts';

describe('the Pos-Till-Sync header', () => {
  it('when a report is formatted, then it parses back to the same report', () => {
    for (const report of [
      { unsynced: 12, oldestUnsyncedAt: '2026-11-29T21:00:00.000Z', lastSeq: 140 },
      { unsynced: 0, oldestUnsyncedAt: null, lastSeq: 0 },
    ]) {
      expect(tillSyncHeader.parse(formatTillSyncReport(report))).toEqual(report);
    }
  });

  it('when it is malformed, then it does not parse', () => {
    for (const bad of [
      '',
      'unsynced=1',
      'last-seq=1',
      'unsynced=-1; last-seq=1',
      'unsynced=1; last-seq=1; x=1',
      'unsynced=1;unsynced=2; last-seq=1',
      'unsynced=1; oldest=now; last-seq=1',
      'x'.repeat(201),
    ]) {
      expect(tillSyncHeader.safeParse(bad).success, bad).toBe(false);
    }
  });
});
