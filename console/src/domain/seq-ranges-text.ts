/** Missing sequence numbers as a manager reads them: "3–5, 9" (ranges of one number shown alone). */
import type { SeqRange } from '@pos/shared/till-health';

export function seqRangesText(ranges: readonly SeqRange[], total: number): string {
  if (total === 0) return 'none';
  const listed = ranges.map((r) => (r.from === r.to ? String(r.from) : `${r.from}–${r.to}`)).join(', ');
  const shown = ranges.reduce((n, r) => n + (r.to - r.from + 1), 0);
  return shown < total ? `${listed}, … (${total} in all)` : listed;
}
