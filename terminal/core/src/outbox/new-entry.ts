/** The outbox fields of a record just recorded (outbox-record.ts `OutboxEntry`): its id and seq, its first status, nothing tried yet. */
import type { OutboxEntry } from './outbox-record.ts';

export function newEntry(id: string, seq: number, status: 'queued' | 'sending', at: string): OutboxEntry {
  return { id, seq, status, reason: null, lastError: null, attempts: 0, createdAt: at, updatedAt: at, resolvedAt: null };
}
