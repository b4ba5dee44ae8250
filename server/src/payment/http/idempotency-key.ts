/** Reading the Idempotency-Key header of a mutating request: required, IDEMPOTENCY_KEY_PATTERN, else 400. */

import { HEADERS, IDEMPOTENCY_KEY_PATTERN } from '@pos/shared/http';
import type { Request } from 'express';
import { problems } from '../../common/problem.ts';

export function idempotencyKeyOf(req: Request): string {
  const key = req.get(HEADERS.idempotencyKey);
  if (key === undefined)
    throw problems.validation([{ path: HEADERS.idempotencyKey, message: 'required' }], 'The Idempotency-Key header is required.');
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw problems.validation(
      [{ path: HEADERS.idempotencyKey, message: 'must be 1–128 letters, digits, ":", ".", "_" or "-"' }],
      'The Idempotency-Key header is not valid.',
    );
  }
  return key;
}
