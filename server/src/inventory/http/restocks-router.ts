/**
 * `POST /v1/restocks` (POS Core's service credential; `Idempotency-Key: <refundId>:restock`): a refund's
 * restocked lines back on hand (domain/restock.ts). 200 { lines }.
 */
import { restockRequest } from '@pos/shared/refund';
import { Router } from 'express';
import { allow } from '../../common/auth.ts';
import { answerIdempotently, idempotentCommand } from '../../common/idempotent-request.ts';
import type { ServiceContext } from '../../common/service-runtime.ts';
import { restockRefund } from '../domain/restock.ts';

export function restocksRouter(ctx: ServiceContext): Router {
  const router = Router();
  router.post('/restocks', allow('service'), async (req, res) => {
    const { command, body } = idempotentCommand(req, restockRequest, { expectedKey: (b) => `${b.refundId}:restock` });
    await answerIdempotently(ctx, res, command, async (tx) => ({
      status: 200,
      body: await restockRefund(tx, command.tenantId, body),
      resourceId: body.refundId,
    }));
  });
  return router;
}
