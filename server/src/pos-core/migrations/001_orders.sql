-- POS Core: orders, their lines and tenders, their history, and the checkout saga's durable state.
-- Every table carries tenant_id; every query filters by the caller's tenant (G7).

-- One row per sale. Defence in depth (DESIGN §2): the order id is the Idempotency-Key of its
-- submission AND unique per tenant here, so a sale is recorded once even after its key was pruned.
--
-- Sequence numbers: UNIQUE (tenant_id, terminal_id, seq). A till numbers its sales 1, 2, 3… and never
-- reuses a number (G6), so a second order with the same seq and ANOTHER id means the till lost its
-- numbering (a wiped database, two tills sharing one id). It is refused with 422 (permanent): the till
-- shows the sale as "needs attention" for a manager, instead of the server silently accepting a sale
-- whose seq hides a gap, or silently dropping it. The same id again is an ordinary replay.
--
-- Saga (DESIGN §3), `saga_state`:
--   received ─reserve─▶ reserved ─authorize─▶ authorized ─capture─▶ captured ─commit─▶ done (confirmed)
--   reserved ─commit─▶ done (cash)         received ─reserve rejected─▶ done (rejected)
--   any forward state ─(declined | cancel | deadline)─▶ compensating_payment ─▶ compensating_stock ─▶ done
-- `status` stays 'pending' until the saga is done; `final_status` is the status a compensation ends in.
-- Who drives: a worker holding the lease (lease_owner, lease_until); every transition is fenced by it.
CREATE TABLE orders (
  tenant_id           text        NOT NULL,
  id                  text        NOT NULL,
  terminal_id         text        NOT NULL,
  seq                 bigint      NOT NULL,
  status              text        NOT NULL CHECK (status IN ('pending', 'confirmed', 'declined', 'rejected', 'cancelled')),
  reason              text,
  capture_mode        text        NOT NULL CHECK (capture_mode IN ('online', 'offline')),
  currency            text        NOT NULL,
  price_list_version  bigint      NOT NULL,
  total               bigint      NOT NULL,
  tax                 bigint      NOT NULL,
  -- The till's clock: informational only (never used to order anything).
  created_at          timestamptz NOT NULL,
  received_at         timestamptz NOT NULL DEFAULT now(),
  lamport             bigint      NOT NULL,
  -- fingerprintOf(the submitted order): tells a replay from a different order with the same id.
  fingerprint         text        NOT NULL,
  saga_state          text        NOT NULL DEFAULT 'received'
                      CHECK (saga_state IN ('received', 'reserved', 'authorized', 'captured', 'compensating_payment', 'compensating_stock', 'done')),
  final_status        text        CHECK (final_status IN ('declined', 'rejected', 'cancelled')),
  cancel_requested    boolean     NOT NULL DEFAULT false,
  -- Whether the compensation must also void / refund at Payment (the saga got as far as authorizing).
  settle_payment      boolean     NOT NULL DEFAULT false,
  next_attempt_at     timestamptz NOT NULL DEFAULT now(),
  attempts            integer     NOT NULL DEFAULT 0,
  lease_owner         text,
  lease_until         timestamptz,
  -- When the current step first answered "unavailable" + the retry deadline: past it, an online order compensates.
  step_deadline       timestamptz,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, terminal_id, seq),
  CHECK ((status = 'pending') = (saga_state <> 'done'))
);
CREATE INDEX orders_saga_due ON orders (next_attempt_at) WHERE saga_state <> 'done';

CREATE TABLE order_lines (
  tenant_id      text    NOT NULL,
  order_id       text    NOT NULL,
  line_no        integer NOT NULL CHECK (line_no >= 1),
  product_id     text    NOT NULL,
  quantity       integer NOT NULL CHECK (quantity >= 1),
  unit_price     bigint  NOT NULL,
  tax_rate_bps   integer NOT NULL,
  tax            bigint  NOT NULL,
  -- The catalogue's price when Inventory reserved the line's stock, equal to unit_price or not (the sale
  -- keeps the till's price; a difference is an order.price_mismatch event). Null until the stock is
  -- reserved, or when the catalogue does not offer the product.
  catalog_price  bigint,
  PRIMARY KEY (tenant_id, order_id, line_no),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);

CREATE TABLE order_tenders (
  tenant_id   text    NOT NULL,
  order_id    text    NOT NULL,
  tender_no   integer NOT NULL CHECK (tender_no >= 1),
  type        text    NOT NULL CHECK (type IN ('cash', 'card')),
  amount      bigint  NOT NULL,
  received    bigint,
  card_token  text,
  PRIMARY KEY (tenant_id, order_id, tender_no),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);

-- Every saga transition, in the transaction that made it (history for support and tests).
CREATE TABLE order_transitions (
  id          bigserial   PRIMARY KEY,
  tenant_id   text        NOT NULL,
  order_id    text        NOT NULL,
  from_state  text,
  to_state    text        NOT NULL,
  status      text        NOT NULL,
  reason      text,
  worker      text,
  at          timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
CREATE INDEX order_transitions_order ON order_transitions (tenant_id, order_id, id);

-- The events relay: Inventory's and Payment's feeds re-appended to POS Core's outbox, so tills
-- follow one SSE feed. Each source event is appended once (source, tenant, position).
CREATE TABLE relayed_events (
  source           text   NOT NULL CHECK (source IN ('inventory', 'payment')),
  tenant_id        text   NOT NULL,
  source_position  bigint NOT NULL,
  PRIMARY KEY (source, tenant_id, source_position)
);
CREATE TABLE relay_cursors (
  source     text   NOT NULL,
  tenant_id  text   NOT NULL,
  position   bigint NOT NULL,
  PRIMARY KEY (source, tenant_id)
);
