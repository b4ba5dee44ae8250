/** `GET / PUT /v1/store/settings` (manager): the store's own settings. */
import { z } from 'zod';

export const storeSettings = z.strictObject({
  /** A till not heard from for longer than this stands out in the console's sync health. */
  tillSilentAfterSeconds: z
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 3600),
  /** The most a till may pay back in cash for one refund while it cannot reach POS Core (minor units; 0: no offline refunds). */
  offlineRefundLimit: z.number().int().min(0).max(100_000_000),
});
export type StoreSettings = z.infer<typeof storeSettings>;

export const DEFAULT_STORE_SETTINGS: StoreSettings = { tillSilentAfterSeconds: 300, offlineRefundLimit: 5_000 };
