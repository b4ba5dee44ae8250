/**
 * Intake of the till's staff records (shared/src/staff-records.ts): sign-ins/outs and overrides, facts
 * of the till's one sequence (DESIGN §7). A batch answers one result per item, in input order, like
 * `POST /v1/orders/batch`: `{ id, status: 'confirmed', replayed }` or `{ id, error }`; one bad item never
 * fails the others. Idempotency per item with its id as the key, through the batch claim of
 * common/idempotency.ts (claimBatch: the keys are written completed in the transaction that records
 * the rows); the tables' UNIQUE (tenant, id) and (tenant, terminal, seq) stand behind it: an id already
 * recorded (its key pruned) is a replay, another record on a taken seq is refused 422 (the till lost its
 * numbering, as for orders).
 */
import type { BatchResult } from '@pos/shared/order';
import { type StaffOverride, type StaffSignIn, staffOverride, staffSignIn } from '@pos/shared/staff-records';
import type { z } from 'zod';
import type { Principal } from '../../common/auth.ts';
import { type Pool, type PoolClient, withTransaction } from '../../common/db.ts';
import { batchCandidates, claimCandidates, fingerprintOf, unclaimBatch } from '../../common/idempotency.ts';
import { HttpProblem, parseOr400, problems } from '../../common/problem.ts';
import type { ClaimOwner } from '../../common/service-instance.ts';
import { readableId } from './check-submission.ts';
import { seqReused } from './order-collision.ts';

/** One kind of staff record: its schema, its table, and how its new rows are inserted (skipping collisions). */
interface StaffRecordKind<R extends { id: string; terminalId: string; seq: number }> {
  schema: z.ZodType<R>;
  table: 'staff_sign_ins' | 'staff_overrides';
  /** Inserts the rows that collide with none (ON CONFLICT DO NOTHING); returns the ids inserted. */
  insert(tx: PoolClient, tenantId: string, records: readonly R[]): Promise<Set<string>>;
}

const insertedIds = (rows: readonly { id: string }[]) => new Set(rows.map((r) => r.id));

export const SIGN_IN_KIND: StaffRecordKind<StaffSignIn> = {
  schema: staffSignIn,
  table: 'staff_sign_ins',
  async insert(tx, tenantId, records) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO staff_sign_ins (tenant_id, id, terminal_id, seq, staff_id, action, created_at, lamport)
       SELECT $1, r.id, r."terminalId", r.seq, r."staffId", r.action, r."createdAt", r.lamport
         FROM jsonb_to_recordset($2::jsonb) AS r(id text, "terminalId" text, seq bigint, "staffId" text, action text, "createdAt" timestamptz, lamport bigint)
       ON CONFLICT DO NOTHING RETURNING id`,
      [tenantId, JSON.stringify(records)],
    );
    return insertedIds(rows);
  },
};

export const OVERRIDE_KIND: StaffRecordKind<StaffOverride> = {
  schema: staffOverride,
  table: 'staff_overrides',
  async insert(tx, tenantId, records) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO staff_overrides (tenant_id, id, terminal_id, seq, action, staff_id, approved_by, subject_id, detail, created_at, lamport)
       SELECT $1, r.id, r."terminalId", r.seq, r.action, r."staffId", r."approvedBy", r."subjectId", r.detail, r."createdAt", r.lamport
         FROM jsonb_to_recordset($2::jsonb) AS r(id text, "terminalId" text, seq bigint, action text, "staffId" text, "approvedBy" text,
              "subjectId" text, detail text, "createdAt" timestamptz, lamport bigint)
       ON CONFLICT DO NOTHING RETURNING id`,
      [tenantId, JSON.stringify(records)],
    );
    return insertedIds(rows);
  },
};

type Checked<R> = { record: R; fingerprint: string } | { id: string | null; problem: HttpProblem };

function check<R extends { id: string; terminalId: string; seq: number }>(
  kind: StaffRecordKind<R>,
  raw: unknown,
  principal: Principal,
): Checked<R> {
  try {
    const record = parseOr400(kind.schema, raw, 'record');
    if (principal.kind !== 'terminal' || principal.subject !== record.terminalId) {
      throw problems.forbidden(`This credential may not submit records of terminal ${record.terminalId}.`);
    }
    return { record, fingerprint: fingerprintOf(record) };
  } catch (error) {
    if (error instanceof HttpProblem) return { id: readableId(raw), problem: error };
    throw error;
  }
}

export async function recordStaffRecords<R extends { id: string; terminalId: string; seq: number }>(
  deps: { pool: Pool; instance: Pick<ClaimOwner, 'id'> },
  principal: Principal,
  kind: StaffRecordKind<R>,
  items: readonly unknown[],
): Promise<BatchResult[]> {
  const { tenantId } = principal;
  const checked = items.map((raw) => check(kind, raw, principal));
  const candidates = batchCandidates(
    checked.flatMap((c) => ('record' in c ? [c] : [])),
    (c) => c.record.id,
  );
  const firstById = new Map(candidates.map((c) => [c.record.id, c]));

  const outcomes = new Map<string, { replayed: boolean } | { problem: HttpProblem }>();
  if (candidates.length > 0) {
    await withTransaction(deps.pool, async (tx) => {
      outcomes.clear();
      const { claims, claimed } = await claimCandidates(tx, {
        tenantId,
        owner: deps.instance,
        candidates,
        keyOf: (c) => c.record.id,
        fingerprintOf: (c) => c.fingerprint,
        status: 201,
      });
      const toRecord = claimed.map((c) => c.record);
      const recorded = await kind.insert(tx, tenantId, toRecord);
      for (const id of recorded) outcomes.set(id, { replayed: false });
      const collided = toRecord.filter((r) => !recorded.has(r.id));
      await unclaimBatch(
        tx,
        tenantId,
        collided.map((r) => r.id),
      );
      if (collided.length > 0) {
        // The same id recorded before (its key pruned) is a replay; another id on a taken seq is refused.
        const { rows } = await tx.query<{ id: string }>(`SELECT id FROM ${kind.table} WHERE tenant_id = $1 AND id = ANY($2::text[])`, [
          tenantId,
          collided.map((r) => r.id),
        ]);
        const known = insertedIds(rows);
        for (const r of collided) {
          outcomes.set(r.id, known.has(r.id) ? { replayed: true } : { problem: seqReused(r.terminalId, r.seq) });
        }
      }
      for (const [id, claim] of claims) {
        if (claim.kind === 'replay') outcomes.set(id, { replayed: true });
        else if (claim.kind === 'problem') outcomes.set(id, { problem: claim.problem });
      }
    });
  }

  const seen = new Set<string>();
  return checked.map((c): BatchResult => {
    if (!('record' in c)) return { id: c.id, error: c.problem.toJSON() };
    const { id } = c.record;
    const first = !seen.has(id);
    seen.add(id);
    if (firstById.get(id)?.fingerprint !== c.fingerprint) return { id, error: problems.keyReused().toJSON() };
    const outcome = outcomes.get(id);
    if (!outcome) return { id, error: problems.inFlight(1).toJSON() };
    if ('problem' in outcome) return { id, error: outcome.problem.toJSON() };
    return { id, status: 'confirmed', replayed: !first || outcome.replayed };
  });
}
