/**
 * `GET /v1/store/reports/sales?from=&to=` (manager): confirmed sales of the store in a period (at most
 * 31 days; received time), per hour and per till — counts and totals in minor units.
 */
import { z } from 'zod';

export const salesReportQuery = z
  .strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'must be after from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 31 * 24 * 3600 * 1000, { path: ['to'], message: 'at most 31 days after from' });

export const salesReport = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.string().nullable(),
  /** One entry per hour that had sales (start of the hour, ISO, UTC). */
  perHour: z.array(z.object({ hour: z.string(), count: z.number().int(), total: z.number().int() })),
  perTill: z.array(z.object({ terminalId: z.string(), count: z.number().int(), total: z.number().int() })),
});
export type SalesReport = z.infer<typeof salesReport>;
