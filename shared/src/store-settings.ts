/** `GET / PUT /v1/store/settings` (manager): the store's own settings. */
import { z } from 'zod';

export const storeSettings = z.strictObject({
  /** A till not heard from for longer than this stands out in the console's sync health. */
  tillSilentAfterSeconds: z
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 3600),
  /**
   * A cart parked at a till (to serve the next customer) is dropped this long after it was parked, and
   * the cashier is told. Optional in a PUT: absent keeps the stored value. Always present in answers.
   */
  parkedCartExpiryMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
});
export type StoreSettings = z.infer<typeof storeSettings>;

export const DEFAULT_STORE_SETTINGS = { tillSilentAfterSeconds: 300, parkedCartExpiryMinutes: 120 } satisfies Required<StoreSettings>;
