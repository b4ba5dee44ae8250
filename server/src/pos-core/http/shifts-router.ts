/**
 * Shifts and the drawer (issue 15; DESIGN §4 and §7): a till's drawer records in, a shift's reports out.
 *
 *   POST /v1/shift-records                  (till)  one drawer record; Idempotency-Key = its id (§4 table)
 *   GET  /v1/terminals/:id/shifts           (till: its own; manager)  the till's shifts with their reports, paged
 *   GET  /v1/shifts/:id/z-report            (till: its own; manager)  one shift's report: open / provisional / final
 */
import { orderId, terminalId } from '@pos/shared/order';
import { knownPosition, pageQuery } from '@pos/shared/page';
import { shiftRecord } from '@pos/shared/shift-record';
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import { answerIdempotently, idempotentCommand } from '../../common/idempotent-request.ts';
import { parseOr400, problems } from '../../common/problem.ts';
import type { ServiceContext } from '../../common/service-runtime.ts';
import { listShifts, shiftsCursor } from '../domain/list-shifts.ts';
import { canSeeTerminal } from '../domain/order-access.ts';
import { recordShiftRecord } from '../domain/record-shift-record.ts';
import { readZReport } from '../domain/shift-z-report.ts';

const listQuery = pageQuery(shiftsCursor, { after: knownPosition('must be a sequence number').optional() }, { startAfter: 'after' });

export function shiftsRouter(ctx: Pick<ServiceContext, 'pool' | 'instance' | 'pokeRelay'>): Router {
  const router = Router();

  router.post('/shift-records', allow('terminal'), async (req, res) => {
    const principal = principalOf(req);
    const { command, body } = idempotentCommand(req, shiftRecord, { expectedKey: (record) => record.id });
    if (principal.subject !== body.terminalId) {
      throw problems.forbidden(`This credential may not submit records of terminal ${body.terminalId}.`);
    }
    await answerIdempotently(ctx, res, command, async (tx) => ({
      status: 201,
      body: await recordShiftRecord(tx, principal.tenantId, body),
      resourceId: body.id,
    }));
  });

  router.get('/terminals/:id/shifts', allow('terminal', 'manager'), async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseOr400(z.object({ id: terminalId }), req.params, 'path');
    const query = parseOr400(listQuery, req.query, 'query');
    if (!canSeeTerminal(principal, id)) throw problems.notFound('terminal');
    res.json(await listShifts(ctx.pool, principal.tenantId, id, query.cursor ?? query.after ?? 0, query.limit));
  });

  router.get('/shifts/:id/z-report', allow('terminal', 'manager'), async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseOr400(z.object({ id: orderId }), req.params, 'path');
    const report = await readZReport(ctx.pool, principal.tenantId, id);
    if (!report || !canSeeTerminal(principal, report.terminalId)) throw problems.notFound('shift');
    res.json({ report });
  });

  return router;
}
