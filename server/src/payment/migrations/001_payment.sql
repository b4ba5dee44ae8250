-- Payment's own tables (the common idempotency_keys and outbox tables come first).
--
-- One payment per order and tenant: UNIQUE (tenant_id, order_id) is the second wall behind the
-- idempotency keys, so however a request is retried, duplicated or taken over after a crash, an
-- order never gets a second payment. Card data never enters: no card number, no token — only the
-- card brand and the processor's reference. Amounts are integer minor units.
--
--   authorized ──capture──▶ captured ──refund──▶ refunded (partial refunds stay ≤ captured)
--       └──────void──────▶ voided
--   declined: the processor said no; final.
CREATE TABLE payments (
  tenant_id        text        NOT NULL,
  id               text        NOT NULL,
  order_id         text        NOT NULL,
  status           text        NOT NULL CHECK (status IN ('authorized', 'captured', 'voided', 'refunded', 'declined', 'failed')),
  amount           bigint      NOT NULL CHECK (amount > 0),
  captured_amount  bigint      NOT NULL DEFAULT 0 CHECK (captured_amount >= 0),
  refunded_amount  bigint      NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
  currency         text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  card_brand       text,
  decline_reason   text,
  processor_ref    text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, order_id),
  -- A capture never exceeds its authorization; a refund never exceeds what was captured.
  CHECK (captured_amount <= amount),
  CHECK (refunded_amount <= captured_amount),
  CHECK (decline_reason IS NULL OR status IN ('declined', 'failed'))
);

-- Audit of every money movement, written in the same transaction as the change to `payments`.
CREATE TABLE payment_operations (
  id               bigserial   PRIMARY KEY,
  tenant_id        text        NOT NULL,
  payment_id       text        NOT NULL,
  kind             text        NOT NULL CHECK (kind IN ('authorize', 'decline', 'capture', 'void', 'refund')),
  amount           bigint      NOT NULL CHECK (amount >= 0),
  idempotency_key  text        NOT NULL,
  processor_ref    text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id)
);
CREATE INDEX payment_operations_payment ON payment_operations (tenant_id, payment_id, id);
