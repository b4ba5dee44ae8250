/**
 * Staff (shared/src/staff.ts, staff-records.ts). Tenant from the credential (G7): another store's
 * member answers 404. Mutations take an Idempotency-Key (DESIGN §4, common/idempotent-request.ts); a
 * PIN is never part of a request's fingerprint nor of any answer.
 *   GET  /v1/store/staff?cursor=&limit=                 manager   members (no hashes)
 *   POST /v1/store/staff                { name, role, pin }    manager   → 201 { staff }
 *   PUT  /v1/store/staff/:id/role       { role }               manager   → 200 { staff }
 *   PUT  /v1/store/staff/:id/pin        { pin }                manager   → 200 { staff }
 *   POST /v1/store/staff/:id/deactivate {}                     manager   → 200 { staff }
 *   GET  /v1/store/staff/overrides?cursor=&limit=       manager   overrides given at the tills
 *   GET  /v1/staff?cursor=&limit=                       till      members with PIN hashes (offline sign-in)
 *   POST /v1/staff/sign-ins/batch       { records }            till      → 200 { results }
 *   POST /v1/staff/overrides/batch      { records }            till      → 200 { results }
 */
import {
  changeStaffRoleRequest,
  createStaffRequest,
  deactivateStaffRequest,
  resetStaffPinRequest,
  staffId,
  staffQuery,
} from '@pos/shared/staff';
import { overridesQuery, staffRecordBatch } from '@pos/shared/staff-records';
import { type Request, Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import type { PoolClient } from '../../common/db.ts';
import { answerIdempotently, idempotentCommand } from '../../common/idempotent-request.ts';
import { parseOr400 } from '../../common/problem.ts';
import type { ServiceContext } from '../../common/service-runtime.ts';
import { listOverrides } from '../domain/list-overrides.ts';
import { OVERRIDE_KIND, recordStaffRecords, SIGN_IN_KIND } from '../domain/record-staff-records.ts';
import {
  changeStaffRole,
  createStaffMember,
  deactivateStaffMember,
  listStaff,
  listStaffForTill,
  resetStaffPin,
} from '../domain/staff-members.ts';

const idParams = z.object({ id: staffId });
/** A request with a PIN is identified without it (idempotentCommand `identify`). */
const withoutPin = <B extends { pin: string }>({ pin: _pin, ...rest }: B) => rest;

export function staffRouter(ctx: Pick<ServiceContext, 'pool' | 'instance' | 'pokeRelay'>): Router {
  const router = Router();
  const { pool } = ctx;
  const manager = allow('manager');
  const till = allow('terminal');
  const tenantOf = (req: Request) => principalOf(req).tenantId;

  router.get('/store/staff', manager, async (req, res) => {
    res.json(await listStaff(pool, tenantOf(req), parseOr400(staffQuery, req.query, 'query')));
  });

  router.post('/store/staff', manager, async (req, res) => {
    const { command, body } = idempotentCommand(req, createStaffRequest, { identify: withoutPin });
    await answerIdempotently(ctx, res, command, async (tx) => ({
      status: 201,
      body: { staff: await createStaffMember(tx, command.tenantId, body) },
    }));
  });

  /** A change of one member: the path is checked first, then the key and body (idempotentCommand). */
  const change = <S extends z.ZodType>(
    method: 'put' | 'post',
    path: string,
    schema: S,
    apply: (tx: PoolClient, tenantId: string, id: string, body: z.infer<S>) => Promise<unknown>,
    identify?: (body: z.infer<S>) => unknown,
  ) =>
    router[method](`/store/staff/:id${path}`, manager, async (req, res) => {
      const { id } = parseOr400(idParams, req.params, 'path');
      const { command, body } = idempotentCommand(req, schema, { body: req.body ?? {}, ...(identify ? { identify } : {}) });
      await answerIdempotently(ctx, res, command, async (tx) => ({
        status: 200,
        body: { staff: await apply(tx, command.tenantId, id, body) },
      }));
    });
  change('put', '/role', changeStaffRoleRequest, (tx, tenantId, id, { role }) => changeStaffRole(tx, tenantId, id, role));
  change('put', '/pin', resetStaffPinRequest, (tx, tenantId, id, { pin }) => resetStaffPin(tx, tenantId, id, pin), withoutPin);
  change('post', '/deactivate', deactivateStaffRequest, (tx, tenantId, id) => deactivateStaffMember(tx, tenantId, id));

  router.get('/store/staff/overrides', manager, async (req, res) => {
    res.json(await listOverrides(pool, tenantOf(req), parseOr400(overridesQuery, req.query, 'query')));
  });

  router.get('/staff', till, async (req, res) => {
    res.json(await listStaffForTill(pool, tenantOf(req), parseOr400(staffQuery, req.query, 'query')));
  });

  router.post('/staff/sign-ins/batch', till, async (req, res) => {
    const { records } = parseOr400(staffRecordBatch, req.body, 'body');
    res.json({ results: await recordStaffRecords(ctx, principalOf(req), SIGN_IN_KIND, records) });
  });

  router.post('/staff/overrides/batch', till, async (req, res) => {
    const { records } = parseOr400(staffRecordBatch, req.body, 'body');
    res.json({ results: await recordStaffRecords(ctx, principalOf(req), OVERRIDE_KIND, records) });
  });

  return router;
}
