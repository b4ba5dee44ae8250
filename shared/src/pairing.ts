/** Pairing a till with a one-time code its store manager made (`POST /v1/pairing`, no bearer). */
import { z } from 'zod';
import { terminalId } from './order.ts';
import { storeId } from './store.ts';

export const pairingRequest = z.strictObject({ code: z.string().min(4).max(32), terminalId });

/** The till's device token (answered once; POS Core keeps only its hash), its id and its store. */
export const pairingAnswer = z.object({ token: z.string().min(1), terminalId, storeId });
export type PairingAnswer = z.infer<typeof pairingAnswer>;
