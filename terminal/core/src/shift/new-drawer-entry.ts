/** The outbox fields of a drawer record just made: queued for the SyncEngine like a cash sale. */
export function newDrawerEntry(id: string, seq: number, at: string) {
  return {
    id,
    seq,
    status: 'queued' as const,
    reason: null,
    lastError: null,
    attempts: 0,
    createdAt: at,
    updatedAt: at,
    resolvedAt: null,
  };
}
