-- Refunds (DESIGN §7, issue #14): a till's refund of a recorded order, one row per refund, its lines,
-- and the refund saga's durable state. Every table carries tenant_id; every query filters by it (G7).
--
-- Never more than was sold: a refund is recorded in a transaction that holds the order's row lock
-- (SELECT … FOR UPDATE) while it sums the order's earlier refund lines, so two tills refunding the
-- same line at once are serialized and the second one sees the first. An online refund beyond the
-- remainder is refused (nothing recorded); an offline cash refund is a fact: recorded with
-- `discrepancy` set, for the manager.
--
-- The refund id is the Idempotency-Key of POST /v1/refunds AND unique per tenant here; (terminal_id, seq)
-- is the till's ONE sequence, shared with its sales and every other record kind (the server's list of
-- received seqs unions the tables of each kind).
--
-- Saga (`saga_state`):   refund_payment ─card refunded─▶ restock ─stock returned─▶ done
--                        (cash: starts at restock; no restocked line: straight to done)
-- `status` is 'completed' once the money went back (cash: at once), 'failed' if Payment refused the card
-- refund (its quantities count for nothing then), 'pending' before.
CREATE TABLE refunds (
  tenant_id        text        NOT NULL,
  id               text        NOT NULL,
  order_id         text        NOT NULL,
  terminal_id      text        NOT NULL,
  seq              bigint      NOT NULL,
  status           text        NOT NULL CHECK (status IN ('pending', 'completed', 'failed')),
  status_reason    text,
  reason           text        NOT NULL,
  capture_mode     text        NOT NULL CHECK (capture_mode IN ('online', 'offline')),
  tender           text        NOT NULL CHECK (tender IN ('cash', 'card')),
  amount           bigint      NOT NULL CHECK (amount >= 0),
  currency         text        NOT NULL,
  discrepancy      text,
  staff_id         text,
  approved_by      text,
  created_at       timestamptz NOT NULL,
  received_at      timestamptz NOT NULL DEFAULT now(),
  lamport          bigint      NOT NULL,
  fingerprint      text        NOT NULL,
  saga_state       text        NOT NULL CHECK (saga_state IN ('refund_payment', 'restock', 'done')),
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  attempts         integer     NOT NULL DEFAULT 0,
  lease_owner      text,
  lease_until      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  -- Not led by tenant_id (common/index-rules.pg.test.ts: refund_lines' foreign key check must use the primary key).
  UNIQUE (terminal_id, seq, tenant_id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  CHECK (capture_mode = 'online' OR tender = 'cash')
);
CREATE INDEX refunds_order ON refunds (order_id, tenant_id);
CREATE INDEX refunds_saga_due ON refunds (next_attempt_at) WHERE saga_state <> 'done';
-- Flagged and refused refunds: few, listed for the manager (attention list, refund discrepancies).
CREATE INDEX refunds_attention ON refunds (received_at) WHERE discrepancy IS NOT NULL OR status = 'failed';

-- One row per refunded order line; restock = false: written off.
CREATE TABLE refund_lines (
  tenant_id   text    NOT NULL,
  refund_id   text    NOT NULL,
  line_no     integer NOT NULL,
  product_id  text    NOT NULL,
  quantity    integer NOT NULL CHECK (quantity >= 1),
  restock     boolean NOT NULL,
  amount      bigint  NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (tenant_id, refund_id, line_no),
  FOREIGN KEY (tenant_id, refund_id) REFERENCES refunds (tenant_id, id)
);

-- The most a till may pay back in cash for one refund while offline (minor units).
ALTER TABLE store_settings ADD COLUMN offline_refund_limit bigint NOT NULL DEFAULT 5000;
