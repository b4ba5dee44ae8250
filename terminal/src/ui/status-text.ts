import type { SaleStatus } from '../db/till-database.ts';

/** What each status means to the cashier. Only 'confirmed' says the server has it (G4). */
export const STATUS_EXPLANATION: Record<SaleStatus, string> = {
  queued: 'Saved on this till; will be sent when the server is reachable.',
  sending: 'Being sent to the server…',
  pending: 'The server has it and is still processing it.',
  confirmed: 'Confirmed by the server.',
  declined: 'The card was declined.',
  rejected: 'The server rejected the sale.',
  cancelled: 'Cancelled.',
  needs_attention: 'The server refused this sale; a manager must look at it.',
};
