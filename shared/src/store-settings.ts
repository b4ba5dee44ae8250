/** `GET / PUT /v1/store/settings` (manager): the store's own settings. */
import { z } from 'zod';

export const storeSettings = z.strictObject({
  /** A till not heard from for longer than this stands out in the console's sync health. */
  tillSilentAfterSeconds: z
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 3600),
});
export type StoreSettings = z.infer<typeof storeSettings>;

export const DEFAULT_STORE_SETTINGS: StoreSettings = { tillSilentAfterSeconds: 300 };
