/** Header names shared by every client and service. */
export const HEADERS = {
  idempotencyKey: 'Idempotency-Key',
  idempotentReplayed: 'Idempotent-Replayed',
  retryAfter: 'Retry-After',
  lastEventId: 'Last-Event-ID',
  /** Set by POS Core on calls to Inventory and Payment, with its service credential only. */
  tenant: 'Pos-Tenant',
  /** Lamport time of the sender; the receiver observes it. */
  lamport: 'Pos-Lamport',
  /** The id a piece of work is followed by across services (the order id on saga calls); echoed on every answer. */
  correlationId: 'Pos-Correlation-Id',
  /** The wire protocol version of the sender (protocol.ts): on every request and every answer. */
  protocol: 'Pos-Protocol',
  /** The saga step a downstream call belongs to (SagaStep), so the receiver's log lines name it. */
  sagaStep: 'Pos-Saga-Step',
  /** A till's report about itself with each sync (till-sync-report.ts); optional. */
  tillSync: 'Pos-Till-Sync',
} as const;

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$/;

/** The fixed, derived key of each saga step (DESIGN §2): never minted anew on retry. */
export type SagaStep = 'reserve' | 'authorize' | 'capture' | 'commit' | 'void' | 'release' | 'refund' | 'restock';
export const stepKey = (orderId: string, step: SagaStep): string => `${orderId}:${step}`;
/** The fixed key of a saga step for card part `part` of an order: part 1 keeps the step's key (single-card orders), part k > 1 adds `:k`. */
export const cardPartKey = (orderId: string, step: SagaStep, part: number): string =>
  part === 1 ? stepKey(orderId, step) : `${stepKey(orderId, step)}:${part}`;
