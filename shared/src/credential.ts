/**
 * POS Core's answer to `POST /v1/credentials/introspect` (service credential): whether a till's or a
 * manager's token is valid, and whose it is. Inventory and Payment ask it for every token they do not
 * know (server/src/common/credential-introspection.ts).
 */
import { z } from 'zod';

export const introspectionAnswer = z.union([
  z.object({
    active: z.literal(true),
    kind: z.enum(['terminal', 'manager']),
    tenantId: z.string(),
    subject: z.string(),
    /** The token was rotated away and is in its grace period. */
    rotatedAway: z.literal(true).optional(),
  }),
  z.object({ active: z.literal(false), revoked: z.boolean().optional() }),
]);
export type IntrospectionAnswer = z.infer<typeof introspectionAnswer>;
