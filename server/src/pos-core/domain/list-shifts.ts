/** `GET /v1/terminals/:id/shifts`: a till's shifts with their reports, oldest first, paged by the opening's seq. */
import { cursorCodec, cutPage, integerPosition, type PageInfo } from '@pos/shared/page';
import type { ZReport } from '@pos/shared/z-report';
import type { Queryable } from '../../common/db.ts';
import { readZReport } from './shift-z-report.ts';

export const shiftsCursor = cursorCodec('shifts', integerPosition);

export async function listShifts(
  db: Queryable,
  tenantId: string,
  terminalId: string,
  afterSeq: number,
  limit: number,
): Promise<{ shifts: ZReport[] } & PageInfo> {
  const { rows } = await db.query<{ id: string; seq: number }>(
    `SELECT id, seq FROM shift_records WHERE tenant_id = $1 AND terminal_id = $2 AND kind = 'shift-open' AND seq > $3 ORDER BY seq LIMIT $4`,
    [tenantId, terminalId, afterSeq, limit + 1],
  );
  const page = cutPage(rows, limit, shiftsCursor, (r) => r.seq);
  const shifts: ZReport[] = [];
  for (const row of page.rows) {
    const report = await readZReport(db, tenantId, row.id);
    if (report) shifts.push(report);
  }
  return { shifts, nextCursor: page.nextCursor, hasMore: page.hasMore };
}
