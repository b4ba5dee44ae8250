/**
 * Imports a sales file (sales-file.ts) into this till's outbox (outbox/import-records.ts: each sale
 * keeps its id, terminal and seq; a re-import changes nothing; the whole file or nothing).
 */
import type { TillDatabase } from '../db/till-database.ts';
import { type ImportResult, importRecords } from '../outbox/import-records.ts';
import { salesFile } from './sales-file.ts';

export class InvalidSalesFile extends Error {
  override name = 'InvalidSalesFile';
}

export function parseSalesFile(text: string): ReturnType<typeof salesFile.parse> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidSalesFile('The file is not JSON.');
  }
  const parsed = salesFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidSalesFile(
      `Not a till sales file this till can read: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    );
  }
  return parsed.data;
}

export async function importSales(db: TillDatabase, ownTerminalId: string, text: string, now: Date = new Date()): Promise<ImportResult> {
  return importRecords(db, ownTerminalId, parseSalesFile(text).sales, now);
}
