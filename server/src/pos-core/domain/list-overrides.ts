/** `GET /v1/store/staff/overrides` (manager): the overrides given at the store's tills, with their approvers, oldest first. */
import { cutPage } from '@pos/shared/page';
import { type OverrideView, overrideCursor } from '@pos/shared/staff-records';
import type { Queryable } from '../../common/db.ts';

interface OverrideRow {
  id: string;
  terminal_id: string;
  seq: number;
  action: OverrideView['action'];
  staff_id: string | null;
  approved_by: string;
  subject_id: string | null;
  detail: string | null;
  created_at: Date;
  lamport: number;
  received_at: Date;
}

export async function listOverrides(db: Queryable, tenantId: string, query: { cursor?: string; limit: number }) {
  const { rows } = await db.query<OverrideRow>(
    `SELECT id, terminal_id, seq, action, staff_id, approved_by, subject_id, detail, created_at, lamport, received_at
       FROM staff_overrides WHERE tenant_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [tenantId, query.cursor ?? null, query.limit + 1],
  );
  const page = cutPage(rows, query.limit, overrideCursor, (row) => row.id);
  const overrides = page.rows.map(
    (r): OverrideView => ({
      id: r.id,
      terminalId: r.terminal_id,
      seq: r.seq,
      action: r.action,
      staffId: r.staff_id,
      approvedBy: r.approved_by,
      subjectId: r.subject_id,
      detail: r.detail,
      createdAt: r.created_at.toISOString(),
      lamport: r.lamport,
      receivedAt: r.received_at.toISOString(),
    }),
  );
  return { overrides, nextCursor: page.nextCursor, hasMore: page.hasMore };
}
